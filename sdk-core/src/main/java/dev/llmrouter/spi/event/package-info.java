/**
 * SPI: what plug-ins implement. What observers implement: {@link
 * dev.llmrouter.spi.event.RouterListener}, told about attempts, retries, fallbacks, circuit
 * changes, rate limiting and cache hits. Stable within a major version; new methods arrive with
 * default implementations. See docs/api-stability.md.
 */
package dev.llmrouter.spi.event;
