package dev.llmrouter.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff between retries on the same deployment, as the official SDKs do it. Immutable
 * and thread-safe. A record: a fixed shape, the official SDKs' five backoff parameters.
 *
 * @param initial the first delay (default 0.5 s)
 * @param max the largest computed delay (default 8 s)
 * @param multiplier growth per retry (default 2)
 * @param jitter the fraction of the delay taken off at random, 0 to 1 (default 0.25)
 * @param maxServerDelay the longest server retry hint honoured (default 120 s); longer hints are capped
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter, Duration maxServerDelay) {
    /** The defaults: 0.5 s doubling to 8 s, 25 % jitter, server hints up to 120 s. */
    public static final Backoff DEFAULTS = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8), 2.0, 0.25,
            Duration.ofSeconds(120));

    /** @throws NullPointerException when a duration is null */
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(maxServerDelay, "maxServerDelay");
    }
}
