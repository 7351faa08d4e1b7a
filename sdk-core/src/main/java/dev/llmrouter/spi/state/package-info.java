/**
 * SPI: what plug-ins implement. What a state store implements to share or replace the router's
 * state: the one-step admission control (circuit, rate limits, concurrency), the stores it
 * composes, their values, and the response cache. Stable within a major version; new methods
 * arrive with default implementations. See docs/api-stability.md.
 */
package dev.llmrouter.spi.state;
