package dev.llmrouter.spi.state;

import dev.llmrouter.TimeSource;
import dev.llmrouter.config.RouterConfig;

/**
 * A shared state store that {@code LlmRouter.fromYaml} and {@code LlmRouter.builder()} find with
 * {@link java.util.ServiceLoader} when the configuration has its section: {@code llmrouter-redis}
 * provides the one for {@code redis:}. Register an implementation in
 * {@code META-INF/services/dev.llmrouter.spi.state.StateStoreProvider}.
 *
 * <p>Implementations are thread-safe and cheap to instantiate (the work happens in {@link #open}).
 */
public interface StateStoreProvider {

    /** The configuration section this provider serves, e.g. {@code redis}. */
    String section();

    /**
     * Connects and returns the router's state. Called once per router, on the thread that builds it.
     *
     * @param config the validated configuration (its section for this provider is present)
     * @param time the router's clock (for any local fallback state)
     * @throws dev.llmrouter.api.ConfigException when the store refuses to start (a requirement of
     *         the configuration is not met), with a message saying how to fix it
     */
    SharedState open(RouterConfig config, TimeSource time);
}
