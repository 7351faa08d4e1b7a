/**
 * API: what applications call. The configuration model and its builders, the YAML loader that
 * reports every problem with file, line and column, and the validator for configurations built in
 * Java. Source and binary compatible within a major version; see docs/api-stability.md.
 */
package dev.llmrouter.config;
