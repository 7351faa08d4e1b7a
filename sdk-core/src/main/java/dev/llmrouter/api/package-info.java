/**
 * API: what applications call. The request and response model (immutable values with builders),
 * streams, per-request options and the one unchecked exception hierarchy rooted at {@link
 * dev.llmrouter.api.LlmRouterException}. Source and binary compatible within a major version; see
 * docs/api-stability.md.
 */
package dev.llmrouter.api;
