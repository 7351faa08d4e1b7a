/**
 * API: what applications call. LiteLLM proxy interop: import a LiteLLM configuration, export one,
 * and check an exported file for staleness. Source and binary compatible within a major version;
 * see docs/api-stability.md.
 */
package dev.llmrouter.config.litellm;
