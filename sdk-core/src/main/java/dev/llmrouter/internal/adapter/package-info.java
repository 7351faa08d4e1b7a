/**
 * Internal: part of the engine, not an API. It may change in any release without notice;
 * applications and plug-ins use only the API packages ({@code dev.llmrouter}, {@code .api}, {@code
 * .config}, {@code .config.litellm}) and the SPI packages ({@code dev.llmrouter.spi.*}).
 */
package dev.llmrouter.internal.adapter;
