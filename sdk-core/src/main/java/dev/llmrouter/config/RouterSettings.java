package dev.llmrouter.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code router_settings}: routing, circuit breaking, retries and timeouts. Immutable and
 * thread-safe.
 *
 * @param routingStrategy {@code simple-shuffle} (default), {@code ordered}, {@code least-busy},
 *        {@code latency-based}, {@code usage-based}, {@code cost-based}, or a custom strategy's name
 * @param allowedFails failures that count, within {@code failureWindow}, that open a circuit (default 5)
 * @param cooldownTime how long an open circuit stays open before its half-open probe (default 60 s)
 * @param failureWindow the rolling window failures are counted in (default 60 s)
 * @param cooldownMultiplier growth of the cooldown after each failed probe (default 1: no growth)
 * @param maxCooldown the cap on a grown cooldown (default 10 min)
 * @param numRetries attempts after the first within one model group (default 2)
 * @param backoff backoff between retries on the same deployment
 * @param timeouts the five timeout layers
 * @param enablePreCallChecks skip deployments whose context window is too small for the prompt (default true)
 * @param waitForRecovery when every deployment's circuit is open, wait for the earliest recovery inside the deadline (default false)
 * @param healthCheckInterval background probing interval; null when off (default)
 */
public record RouterSettings(String routingStrategy, int allowedFails, Duration cooldownTime, Duration failureWindow,
                             double cooldownMultiplier, Duration maxCooldown, int numRetries, Backoff backoff,
                             Timeouts timeouts, boolean enablePreCallChecks, boolean waitForRecovery,
                             Duration healthCheckInterval) {
    /** The defaults (the seed's router_settings). */
    public static final RouterSettings DEFAULTS = new RouterSettings("simple-shuffle", 5, Duration.ofSeconds(60),
            Duration.ofSeconds(60), 1.0, Duration.ofMinutes(10), 2, Backoff.DEFAULTS, Timeouts.DEFAULTS, true, false, null);

    /** @throws NullPointerException when a required value is null */
    public RouterSettings {
        Objects.requireNonNull(routingStrategy, "routingStrategy");
        Objects.requireNonNull(cooldownTime, "cooldownTime");
        Objects.requireNonNull(failureWindow, "failureWindow");
        Objects.requireNonNull(maxCooldown, "maxCooldown");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(timeouts, "timeouts");
    }

    /** The background probing interval, when probing is on. */
    public Optional<Duration> healthCheckIntervalValue() {
        return Optional.ofNullable(healthCheckInterval);
    }
}
