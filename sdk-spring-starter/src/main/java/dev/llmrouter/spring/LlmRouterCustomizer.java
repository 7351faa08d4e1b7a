package dev.llmrouter.spring;

import dev.llmrouter.LlmRouter;

/**
 * Customises the {@link LlmRouter.Builder} before the starter builds the router bean: set an
 * OkHttp client, a clock, an admission control, a response cache. Every customizer bean is applied,
 * in {@code @Order}; the starter's own settings (configuration, listeners, strategies, adapters,
 * executor) are applied first, so a customizer may replace them. Implementations are called once,
 * on the thread that creates the router bean.
 */
@FunctionalInterface
public interface LlmRouterCustomizer {
    /** Adjusts {@code builder}. */
    void customize(LlmRouter.Builder builder);
}
