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
 * @param timeout this deployment's attempt timeout, or null for its provider's ({@code timeout})
 * @param streamTimeout this deployment's attempt timeout for streamed calls (until the first chunk),
 *        or null for {@code timeout} (LiteLLM's {@code stream_timeout})
 */
public record DeploymentConfig(String provider, String model, int weight, int order, RateLimit limit,
                               Integer maxInputTokens, Integer maxParallelRequests, Double inputCostPerToken,
                               Double outputCostPerToken, Set<String> tags, java.time.Duration timeout,
                               java.time.Duration streamTimeout) {
    /** @throws NullPointerException when provider or model is null */
    public DeploymentConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        limit = limit == null ? RateLimit.NONE : limit;
        tags = tags == null ? Set.of() : Set.copyOf(tags);
    }

    /** A deployment without timeouts of its own (its provider's apply). */
    public DeploymentConfig(String provider, String model, int weight, int order, RateLimit limit, Integer maxInputTokens,
                            Integer maxParallelRequests, Double inputCostPerToken, Double outputCostPerToken, Set<String> tags) {
        this(provider, model, weight, order, limit, maxInputTokens, maxParallelRequests, inputCostPerToken, outputCostPerToken,
                tags, null, null);
    }

    /** A deployment with default weight, order and no limits of its own. */
    public static DeploymentConfig of(String provider, String model) {
        return new DeploymentConfig(provider, model, 1, 1, RateLimit.NONE, null, null, null, null, Set.of(), null, null);
    }

    /** The context window, when known. */
    public Optional<Integer> maxInputTokensValue() {
        return Optional.ofNullable(maxInputTokens);
    }

    /** A builder for a deployment of {@code model} on {@code provider}, with the defaults of {@link #of}. */
    public static Builder builder(String provider, String model) {
        return new Builder(provider, model);
    }

    /** A builder holding this deployment's values. */
    public Builder toBuilder() {
        Builder b = new Builder(provider, model);
        b.weight = weight;
        b.order = order;
        b.limit = limit;
        b.maxInputTokens = maxInputTokens;
        b.maxParallelRequests = maxParallelRequests;
        b.inputCostPerToken = inputCostPerToken;
        b.outputCostPerToken = outputCostPerToken;
        b.tags = tags;
        b.timeout = timeout;
        b.streamTimeout = streamTimeout;
        return b;
    }

    /** Builds a {@link DeploymentConfig}. Not thread-safe. */
    public static final class Builder {
        private final String provider;
        private final String model;
        private int weight = 1;
        private int order = 1;
        private RateLimit limit = RateLimit.NONE;
        private Integer maxInputTokens;
        private Integer maxParallelRequests;
        private Double inputCostPerToken;
        private Double outputCostPerToken;
        private Set<String> tags = Set.of();
        private java.time.Duration timeout;
        private java.time.Duration streamTimeout;

        private Builder(String provider, String model) {
            this.provider = provider;
            this.model = model;
        }

        /** Relative share under {@code simple-shuffle} (default 1). */
        public Builder weight(int weight) {
            this.weight = weight;
            return this;
        }

        /** Tier under {@code ordered} (default 1). */
        public Builder order(int order) {
            this.order = order;
            return this;
        }

        /** This deployment's own limits (default none). */
        public Builder limit(RateLimit limit) {
            this.limit = limit;
            return this;
        }

        /** This deployment's own requests per minute. */
        public Builder rpm(Integer rpm) {
            this.limit = new RateLimit(rpm, limit.tpm());
            return this;
        }

        /** This deployment's own tokens per minute. */
        public Builder tpm(Integer tpm) {
            this.limit = new RateLimit(limit.rpm(), tpm);
            return this;
        }

        /** The context window. */
        public Builder maxInputTokens(Integer n) {
            this.maxInputTokens = n;
            return this;
        }

        /** This deployment's own cap on requests in flight. */
        public Builder maxParallelRequests(Integer n) {
            this.maxParallelRequests = n;
            return this;
        }

        /** Price of one input token. */
        public Builder inputCostPerToken(Double cost) {
            this.inputCostPerToken = cost;
            return this;
        }

        /** Price of one output token. */
        public Builder outputCostPerToken(Double cost) {
            this.outputCostPerToken = cost;
            return this;
        }

        /** Tags a request may require. */
        public Builder tags(Set<String> tags) {
            this.tags = tags;
            return this;
        }

        /** This deployment's attempt timeout, or null for its provider's (default). */
        public Builder timeout(java.time.Duration d) {
            this.timeout = d;
            return this;
        }

        /** This deployment's attempt timeout for streamed calls, or null for {@link #timeout} (default). */
        public Builder streamTimeout(java.time.Duration d) {
            this.streamTimeout = d;
            return this;
        }

        /** @throws NullPointerException when provider or model is null */
        public DeploymentConfig build() {
            return new DeploymentConfig(provider, model, weight, order, limit, maxInputTokens, maxParallelRequests,
                    inputCostPerToken, outputCostPerToken, tags, timeout, streamTimeout);
        }
    }
}
