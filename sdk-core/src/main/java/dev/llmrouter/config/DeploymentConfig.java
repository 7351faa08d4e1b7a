package dev.llmrouter.config;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One way to serve a model group: a provider and the model name it knows, with routing weight,
 * tier, limits, context window, prices and tags. Immutable and thread-safe.
 *
 * @param provider the provider's name
 * @param model the provider-side model name
 * @param weight relative share under {@code simple-shuffle} (default 1)
 * @param order tier under {@code ordered}: lowest first (default 1)
 * @param limit this deployment's own rpm/tpm; unset fields fall back to the provider's, then the type's defaults
 * @param maxInputTokens the context window for pre-call checks, or null when unknown
 * @param maxParallelRequests this deployment's own cap on requests in flight (at most the provider's), or null
 * @param inputCostPerToken price of one input token (for {@code cost-based}), or null
 * @param outputCostPerToken price of one output token, or null
 * @param tags tags a request may require
 */
public record DeploymentConfig(String provider, String model, int weight, int order, RateLimit limit,
                               Integer maxInputTokens, Integer maxParallelRequests, Double inputCostPerToken,
                               Double outputCostPerToken, Set<String> tags) {
    /** @throws NullPointerException when provider or model is null */
    public DeploymentConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        limit = limit == null ? RateLimit.NONE : limit;
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }

    /** A deployment with default weight, order and no limits of its own. */
    public static DeploymentConfig of(String provider, String model) {
        return new DeploymentConfig(provider, model, 1, 1, RateLimit.NONE, null, null, null, null, Set.of());
    }

    /** The context window, when known. */
    public Optional<Integer> maxInputTokensValue() {
        return Optional.ofNullable(maxInputTokens);
    }
}
