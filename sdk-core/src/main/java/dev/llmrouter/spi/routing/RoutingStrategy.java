package dev.llmrouter.spi.routing;

import java.util.List;

/**
 * Chooses which deployment of a model group to try. The selector passes the deployments that
 * passed the pre-call checks; if the admission step (circuit, limits, concurrency) denies the
 * chosen one, the selector removes it and asks again with the rest, so repeated calls yield the
 * strategy's order of preference. Register a custom one with
 * {@code LlmRouter.builder().strategy(name, strategy)} and select it with
 * {@code router_settings.routing_strategy: custom:NAME}.
 *
 * <p>Implementations must be thread-safe, must not block, and should run in O(candidates).
 */
@FunctionalInterface
public interface RoutingStrategy {

    /**
     * The preferred deployment among {@code candidates}, which is never empty.
     *
     * @return one of the candidates (the same instance)
     */
    Deployment choose(List<Deployment> candidates, RoutingContext context);
}
