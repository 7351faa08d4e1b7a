package dev.llmrouter.api;

import dev.llmrouter.config.Timeouts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Per-request overrides of the router's settings. Every value is optional: an absent one means the
 * router's configured value. Immutable and thread-safe; build with {@link #builder()}.
 */
public final class RequestOptions {
    /** No overrides. */
    public static final RequestOptions DEFAULTS = builder().build();

    private final Duration attemptTimeout;
    private final Duration requestTimeout;
    private final Duration streamTimeout;
    private final Duration streamIdleTimeout;
    private final Duration overallTimeout;
    private final Integer numRetries;
    private final List<String> fallbacks;
    private final boolean fallbacksDisabled;
    private final Boolean cache;
    private final Set<String> tags;
    private final Map<String, String> metadata;

    private RequestOptions(Builder b) {
        this.attemptTimeout = positive(b.attemptTimeout, "attemptTimeout");
        this.requestTimeout = positive(b.requestTimeout, "requestTimeout");
        this.streamTimeout = positive(b.streamTimeout, "streamTimeout");
        this.streamIdleTimeout = positive(b.streamIdleTimeout, "streamIdleTimeout");
        this.overallTimeout = positive(b.overallTimeout, "overallTimeout");
        if (b.numRetries != null && b.numRetries < 0) {
            throw new IllegalArgumentException("numRetries cannot be negative: " + b.numRetries);
        }
        this.numRetries = b.numRetries;
        this.fallbacks = b.fallbacks == null ? null : List.copyOf(b.fallbacks);
        this.fallbacksDisabled = b.fallbacksDisabled;
        this.cache = b.cache;
        this.tags = Set.copyOf(b.tags);
        this.metadata = Map.copyOf(b.metadata);
    }

    private static Duration positive(Duration d, String what) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        if (d != null && d.compareTo(Timeouts.MAXIMUM) > 0) {
            throw new IllegalArgumentException(what + " must be at most " + Timeouts.MAXIMUM.toDays() + " days, got " + d);
        }
        return d;
    }

    /** A new builder with no overrides. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these overrides. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.attemptTimeout = attemptTimeout;
        b.requestTimeout = requestTimeout;
        b.streamTimeout = streamTimeout;
        b.streamIdleTimeout = streamIdleTimeout;
        b.overallTimeout = overallTimeout;
        b.numRetries = numRetries;
        b.fallbacks = fallbacks;
        b.fallbacksDisabled = fallbacksDisabled;
        b.cache = cache;
        b.tags = tags;
        b.metadata = metadata;
        return b;
    }

    /** Override of {@code timeouts.attempt}. */
    public Optional<Duration> attemptTimeout() {
        return Optional.ofNullable(attemptTimeout);
    }

    /** Override of {@code timeouts.request}. */
    public Optional<Duration> requestTimeout() {
        return Optional.ofNullable(requestTimeout);
    }

    /** Override of {@code timeouts.stream}. */
    public Optional<Duration> streamTimeout() {
        return Optional.ofNullable(streamTimeout);
    }

    /** Override of {@code timeouts.stream_idle}. */
    public Optional<Duration> streamIdleTimeout() {
        return Optional.ofNullable(streamIdleTimeout);
    }

    /** Override of {@code timeouts.overall}. */
    public Optional<Duration> overallTimeout() {
        return Optional.ofNullable(overallTimeout);
    }

    /** Override of {@code num_retries}. */
    public Optional<Integer> numRetries() {
        return Optional.ofNullable(numRetries);
    }

    /** A fallback chain that replaces the configured one for this request. */
    public Optional<List<String>> fallbacks() {
        return Optional.ofNullable(fallbacks);
    }

    /** True when this request must not fall back to any other model group. */
    public boolean fallbacksDisabled() {
        return fallbacksDisabled;
    }

    /** Whether the response cache may answer and store this request; empty follows the model's setting. */
    public Optional<Boolean> cache() {
        return Optional.ofNullable(cache);
    }

    /** Deployment tags this request requires (a deployment must carry all of them); empty means any. */
    public Set<String> tags() {
        return tags;
    }

    /** Caller metadata passed to listeners and logs; never sent to a provider. */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestOptions r && Objects.equals(r.attemptTimeout, attemptTimeout)
                && Objects.equals(r.requestTimeout, requestTimeout) && Objects.equals(r.streamTimeout, streamTimeout)
                && Objects.equals(r.streamIdleTimeout, streamIdleTimeout) && Objects.equals(r.overallTimeout, overallTimeout)
                && Objects.equals(r.numRetries, numRetries) && Objects.equals(r.fallbacks, fallbacks)
                && r.fallbacksDisabled == fallbacksDisabled && Objects.equals(r.cache, cache) && r.tags.equals(tags)
                && r.metadata.equals(metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(attemptTimeout, requestTimeout, streamTimeout, streamIdleTimeout, overallTimeout, numRetries,
                fallbacks, fallbacksDisabled, cache, tags, metadata);
    }

    /** Builds {@link RequestOptions}. Not thread-safe. */
    public static final class Builder {
        private Duration attemptTimeout;
        private Duration requestTimeout;
        private Duration streamTimeout;
        private Duration streamIdleTimeout;
        private Duration overallTimeout;
        private Integer numRetries;
        private List<String> fallbacks;
        private boolean fallbacksDisabled;
        private Boolean cache;
        private Set<String> tags = Set.of();
        private Map<String, String> metadata = Map.of();

        private Builder() {
        }

        /** One HTTP attempt, until the whole body or, for a stream, the first chunk. */
        public Builder attemptTimeout(Duration d) {
            this.attemptTimeout = d;
            return this;
        }

        /** All attempts on one model group, with backoff waits. */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = d;
            return this;
        }

        /** A stream from its first chunk to its end. */
        public Builder streamTimeout(Duration d) {
            this.streamTimeout = d;
            return this;
        }

        /** The longest gap between two stream chunks. */
        public Builder streamIdleTimeout(Duration d) {
            this.streamIdleTimeout = d;
            return this;
        }

        /** Everything: retries, backoff, fallbacks, queueing. */
        public Builder overallTimeout(Duration d) {
            this.overallTimeout = d;
            return this;
        }

        /** Retries within a model group after the first attempt. */
        public Builder numRetries(int n) {
            this.numRetries = n;
            return this;
        }

        /** Replaces the configured fallback chain for this request. */
        public Builder fallbacks(List<String> groups) {
            this.fallbacks = Objects.requireNonNull(groups, "groups");
            return this;
        }

        /** Disables every kind of fallback for this request. */
        public Builder disableFallbacks() {
            this.fallbacksDisabled = true;
            return this;
        }

        /** Lets the response cache answer and store this request (true) or keeps it out (false). */
        public Builder cache(boolean enabled) {
            this.cache = enabled;
            return this;
        }

        /** Deployment tags this request requires. */
        public Builder tags(Set<String> tags) {
            this.tags = Objects.requireNonNull(tags, "tags");
            return this;
        }

        /** Caller metadata for listeners and logs. */
        public Builder metadata(Map<String, String> metadata) {
            this.metadata = Objects.requireNonNull(metadata, "metadata");
            return this;
        }

        /** @throws IllegalArgumentException for a non-positive timeout or negative retry count */
        public RequestOptions build() {
            return new RequestOptions(this);
        }
    }
}
