package dev.llmrouter.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One way to serve a model group: a provider and the model name it knows, with routing weight,
 * tier, limits, context window, prices and tags. Immutable and thread-safe; build with
 * {@link #builder(String, String)} or {@link #of(String, String)}. A class rather than a record so
 * that new fields can be added without breaking callers.
 */
public final class DeploymentConfig {
    private final String provider;
    private final String model;
    private final int weight;
    private final int order;
    private final RateLimit limit;
    private final Integer maxInputTokens;
    private final Integer maxParallelRequests;
    private final Double inputCostPerToken;
    private final Double outputCostPerToken;
    private final Set<String> tags;
    private final Duration timeout;
    private final Duration streamTimeout;

    private DeploymentConfig(Builder b) {
        this.provider = Objects.requireNonNull(b.provider, "provider");
        this.model = Objects.requireNonNull(b.model, "model");
        this.weight = b.weight;
        this.order = b.order;
        this.limit = b.limit == null ? RateLimit.NONE : b.limit;
        this.maxInputTokens = b.maxInputTokens;
        this.maxParallelRequests = b.maxParallelRequests;
        this.inputCostPerToken = b.inputCostPerToken;
        this.outputCostPerToken = b.outputCostPerToken;
        this.tags = b.tags == null ? Set.of() : Set.copyOf(b.tags);
        this.timeout = b.timeout;
        this.streamTimeout = b.streamTimeout;
    }

    /** A deployment with default weight, order and no limits of its own. */
    public static DeploymentConfig of(String provider, String model) {
        return builder(provider, model).build();
    }

    /** The provider's name. */
    public String provider() {
        return provider;
    }

    /** The provider-side model name. */
    public String model() {
        return model;
    }

    /** Relative share under {@code simple-shuffle} (default 1). */
    public int weight() {
        return weight;
    }

    /** Tier under {@code ordered}: lowest first (default 1). */
    public int order() {
        return order;
    }

    /**
     * This deployment's own rpm/tpm ({@link RateLimit#NONE} by default); unset fields fall back to
     * the provider's, then the type's defaults.
     */
    public RateLimit limit() {
        return limit;
    }

    /** The context window for pre-call checks, when known. */
    public Optional<Integer> maxInputTokens() {
        return Optional.ofNullable(maxInputTokens);
    }

    /** This deployment's own cap on requests in flight (at most the provider's), when set. */
    public Optional<Integer> maxParallelRequests() {
        return Optional.ofNullable(maxParallelRequests);
    }

    /** Price of one input token (for {@code cost-based}), when known. */
    public Optional<Double> inputCostPerToken() {
        return Optional.ofNullable(inputCostPerToken);
    }

    /** Price of one output token, when known. */
    public Optional<Double> outputCostPerToken() {
        return Optional.ofNullable(outputCostPerToken);
    }

    /** Tags a request may require (default none). */
    public Set<String> tags() {
        return tags;
    }

    /** This deployment's attempt timeout, when set; otherwise its provider's {@code timeout} applies. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * This deployment's attempt timeout for streamed calls (until the first chunk), when set;
     * otherwise {@link #timeout()} applies (LiteLLM's {@code stream_timeout}).
     */
    public Optional<Duration> streamTimeout() {
        return Optional.ofNullable(streamTimeout);
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

    @Override
    public boolean equals(Object o) {
        return o instanceof DeploymentConfig d && d.provider.equals(provider) && d.model.equals(model)
                && d.weight == weight && d.order == order && d.limit.equals(limit)
                && Objects.equals(d.maxInputTokens, maxInputTokens)
                && Objects.equals(d.maxParallelRequests, maxParallelRequests)
                && Objects.equals(d.inputCostPerToken, inputCostPerToken)
                && Objects.equals(d.outputCostPerToken, outputCostPerToken) && d.tags.equals(tags)
                && Objects.equals(d.timeout, timeout) && Objects.equals(d.streamTimeout, streamTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, model, weight, order, limit, maxInputTokens, maxParallelRequests,
                inputCostPerToken, outputCostPerToken, tags, timeout, streamTimeout);
    }

    @Override
    public String toString() {
        return "DeploymentConfig[provider=" + provider + ", model=" + model + ", weight=" + weight + ", order=" + order
                + ", limit=" + limit + ", maxInputTokens=" + maxInputTokens + ", maxParallelRequests="
                + maxParallelRequests + ", inputCostPerToken=" + inputCostPerToken + ", outputCostPerToken="
                + outputCostPerToken + ", tags=" + tags + ", timeout=" + timeout + ", streamTimeout=" + streamTimeout + "]";
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
        private Duration timeout;
        private Duration streamTimeout;

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
        public Builder timeout(Duration d) {
            this.timeout = d;
            return this;
        }

        /** This deployment's attempt timeout for streamed calls, or null for {@link #timeout} (default). */
        public Builder streamTimeout(Duration d) {
            this.streamTimeout = d;
            return this;
        }

        /** @throws NullPointerException when provider or model is null */
        public DeploymentConfig build() {
            return new DeploymentConfig(this);
        }
    }
}
