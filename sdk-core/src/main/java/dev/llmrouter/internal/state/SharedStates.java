package dev.llmrouter.internal.state;

import dev.llmrouter.TimeSource;
import dev.llmrouter.api.ConfigException;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.spi.state.SharedState;
import dev.llmrouter.spi.state.StateStoreProvider;
import java.util.ServiceLoader;

/**
 * Finds the shared state store a configuration asks for ({@code redis:} today) among the
 * {@link StateStoreProvider}s on the classpath. Thread-safe (static).
 */
public final class SharedStates {
    /** The artifact that provides the {@code redis} section's store. */
    public static final String REDIS_ARTIFACT = "dev.llmrouter:llmrouter-redis";

    private SharedStates() {
    }

    /**
     * The shared state for {@code config}, or null when it asks for none (no {@code redis:} section).
     *
     * @throws ConfigException when the section is present and no provider for it is on the classpath
     */
    public static SharedState open(RouterConfig config, TimeSource time) {
        if (config.redis().isEmpty()) {
            return null;
        }
        ClassLoader loader = SharedStates.class.getClassLoader();
        for (StateStoreProvider p : ServiceLoader.load(StateStoreProvider.class, loader)) {
            if ("redis".equals(p.section())) {
                return p.open(config, time);
            }
        }
        throw new ConfigException("the configuration has a redis: section but " + REDIS_ARTIFACT
                + " is not on the classpath: add the dependency " + REDIS_ARTIFACT
                + " (same version as llmrouter-core), or remove the redis: section to keep state in this JVM");
    }
}
