/**
 * SPI: what plug-ins implement. What a custom routing strategy implements, and the read-only
 * deployment and context views it chooses with. Stable within a major version; new methods arrive
 * with default implementations. See docs/api-stability.md.
 */
package dev.llmrouter.spi.routing;
