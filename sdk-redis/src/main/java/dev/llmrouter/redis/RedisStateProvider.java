package dev.llmrouter.redis;

import dev.llmrouter.TimeSource;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.spi.state.SharedState;
import dev.llmrouter.spi.state.StateStoreProvider;

/**
 * Registers llmrouter-redis for the {@code redis:} section: {@code LlmRouter.fromYaml} finds it with
 * {@link java.util.ServiceLoader} (no code needed) and opens {@link RedisStateStore}. Stateless and
 * thread-safe.
 */
public final class RedisStateProvider implements StateStoreProvider {

    /** Used by {@link java.util.ServiceLoader}. */
    public RedisStateProvider() {
    }

    /** {@code redis}. */
    @Override
    public String section() {
        return "redis";
    }

    @Override
    public SharedState open(RouterConfig config, TimeSource time) {
        return RedisStateStore.open(config, time);
    }
}
