package dev.llmrouter.spi.routing;

import java.util.List;

/**
 * Chooses which deployment of a model group to try. The selector passes the group's deployments
 * not yet ruled out in this selection (the group's own list, not a copy, while none is) and checks
 * only the one chosen: if a pre-call check (provider down, tags, context window, a circuit known to
 * deny) or the admission step (circuit, limits, concurrency) rules it out, the selector removes it
 * and asks again with the rest, so repeated calls yield the strategy's order of preference among
 * the deployments that can take the request. Deployments that already failed in the request are
 * offered only once no other is left. Register a custom one with
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
