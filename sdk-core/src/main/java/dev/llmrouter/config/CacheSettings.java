package dev.llmrouter.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code cache}: the response cache. Off unless enabled; a request or model group opts in.
 * Immutable and thread-safe; build with {@link #builder()}. A class rather than a record so that
 * new settings can be added without breaking callers.
 */
public final class CacheSettings {
    /** The defaults: off, 5 minutes, 10,000 entries. */
    public static final CacheSettings DEFAULTS = new Builder().build();

    private final boolean enabled;
    private final Duration ttl;
    private final long maxEntries;

    private CacheSettings(Builder b) {
        this.enabled = b.enabled;
        this.ttl = Objects.requireNonNull(b.ttl, "ttl");
        this.maxEntries = b.maxEntries;
    }

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return new Builder().enabled(enabled).ttl(ttl).maxEntries(maxEntries);
    }

    /** Whether a cache exists at all (default false). */
    public boolean enabled() {
        return enabled;
    }

    /** How long an answer stays (default 5 min). */
    public Duration ttl() {
        return ttl;
    }

    /** The most answers kept in memory (default 10,000). */
    public long maxEntries() {
        return maxEntries;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheSettings c && c.enabled == enabled && c.ttl.equals(ttl) && c.maxEntries == maxEntries;
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, ttl, maxEntries);
    }

    @Override
    public String toString() {
        return "CacheSettings[enabled=" + enabled + ", ttl=" + ttl + ", maxEntries=" + maxEntries + "]";
    }

    /** Builds {@link CacheSettings}; every field starts at its default. Not thread-safe. */
    public static final class Builder {
        private boolean enabled;
        private Duration ttl = Duration.ofMinutes(5);
        private long maxEntries = 10_000;

        private Builder() {
        }

        /** Whether a cache exists at all. */
        public Builder enabled(boolean on) {
            this.enabled = on;
            return this;
        }

        /** How long an answer stays. */
        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /** The most answers kept in memory. */
        public Builder maxEntries(long n) {
            this.maxEntries = n;
            return this;
        }

        /** @throws NullPointerException when ttl is null */
        public CacheSettings build() {
            return new CacheSettings(this);
        }
    }
}
