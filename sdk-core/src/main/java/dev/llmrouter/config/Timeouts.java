package dev.llmrouter.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The five timeout layers of DESIGN section 4.1, each clipped at run time by the ones outside it.
 * Immutable and thread-safe. A record: a fixed shape, one value per timeout layer.
 *
 * @param attempt one HTTP attempt: until the whole body, or a stream's first chunk (default 30 s)
 * @param request one model group: all its attempts and backoff waits (default 60 s)
 * @param stream a stream from its first chunk to its end (default 120 s)
 * @param streamIdle the longest gap between two chunks (default 30 s)
 * @param overall everything: retries, backoff, fallbacks, queueing (default 300 s)
 */
public record Timeouts(Duration attempt, Duration request, Duration stream, Duration streamIdle, Duration overall) {
    /** The defaults: 30 s, 60 s, 120 s, 30 s, 300 s (the seed's layers). */
    public static final Timeouts DEFAULTS = new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(60),
            Duration.ofSeconds(120), Duration.ofSeconds(30), Duration.ofSeconds(300));

    /**
     * The longest timeout accepted anywhere (configuration, per-request options): 30 days. Longer
     * ones are refused, not clamped silently: 300 years in nanoseconds overflows the clock
     * arithmetic of every deadline.
     */
    public static final Duration MAXIMUM = Duration.ofDays(30);

    /** @throws NullPointerException when a layer is null */
    public Timeouts {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(streamIdle, "streamIdle");
        Objects.requireNonNull(overall, "overall");
    }
}
