package dev.llmrouter.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code cache}: the response cache. Off unless enabled; a request or model group opts in.
 * Immutable and thread-safe.
 *
 * @param enabled whether a cache exists at all (default false)
 * @param ttl how long an answer stays (default 5 min)
 * @param maxEntries the most answers kept in memory (default 10,000)
 */
public record CacheSettings(boolean enabled, Duration ttl, long maxEntries) {
    /** The defaults: off, 5 minutes, 10,000 entries. */
    public static final CacheSettings DEFAULTS = new CacheSettings(false, Duration.ofMinutes(5), 10_000);

    /** @throws NullPointerException when ttl is null */
    public CacheSettings {
        Objects.requireNonNull(ttl, "ttl");
    }
}
