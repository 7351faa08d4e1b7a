package dev.llmrouter.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a request was served: the model group asked for, the deployment that answered (if any),
 * every attempt in order, the fallback groups tried, and whether the response cache answered.
 * Found on every {@link ChatResponse} and every {@code LlmRouterException}. Immutable and
 * thread-safe.
 *
 * @param requestedModel the name the caller asked for (group or alias)
 * @param group the model group it resolved to
 * @param deploymentId the deployment that answered, or null when none did
 * @param provider that deployment's provider, or null
 * @param providerModel that deployment's provider-side model name, or null
 * @param attempts every attempt in order, possibly empty (cache hit, nothing admitted)
 * @param fallbackGroups the fallback groups tried after the first, in order
 * @param cacheHit true when the response cache answered
 */
public record Route(String requestedModel, String group, String deploymentId, String provider, String providerModel,
                    List<AttemptRecord> attempts, List<String> fallbackGroups, boolean cacheHit) {
    /** A route for a call that never reached the router's path (an adapter used directly). */
    public static final Route NONE = new Route("", "", null, null, null, List.of(), List.of(), false);

    /** Copies the lists. */
    public Route {
        Objects.requireNonNull(requestedModel, "requestedModel");
        Objects.requireNonNull(group, "group");
        attempts = List.copyOf(attempts);
        fallbackGroups = List.copyOf(fallbackGroups);
    }

    /** The answering deployment's id, if one answered. */
    public Optional<String> deployment() {
        return Optional.ofNullable(deploymentId);
    }

    /** True when the answer came from a fallback group rather than the requested one. */
    public boolean fellBack() {
        return !fallbackGroups.isEmpty();
    }
}
