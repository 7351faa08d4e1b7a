/**
 * API: what applications call. The front door: {@link dev.llmrouter.LlmRouter} (one per
 * application, thread-safe), its health reports and the time source it runs on. Source and binary
 * compatible within a major version; see docs/api-stability.md.
 */
package dev.llmrouter;
