/**
 * SPI: what plug-ins implement. What a provider adapter implements to add a model server: the
 * adapter, its stream, the call context with its deadlines and cancellation, probe and model
 * information. Stable within a major version; new methods arrive with default implementations. See
 * docs/api-stability.md.
 */
package dev.llmrouter.spi.provider;
