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

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.routingStrategy = routingStrategy;
        b.allowedFails = allowedFails;
        b.cooldownTime = cooldownTime;
        b.failureWindow = failureWindow;
        b.cooldownMultiplier = cooldownMultiplier;
        b.maxCooldown = maxCooldown;
        b.numRetries = numRetries;
        b.backoff = backoff;
        b.timeouts = timeouts;
        b.enablePreCallChecks = enablePreCallChecks;
        b.waitForRecovery = waitForRecovery;
        b.healthCheckInterval = healthCheckInterval;
        return b;
    }

    /** Builds {@link RouterSettings}; every field starts at its default. Not thread-safe. */
    public static final class Builder {
        private String routingStrategy;
        private int allowedFails;
        private Duration cooldownTime;
        private Duration failureWindow;
        private double cooldownMultiplier;
        private Duration maxCooldown;
        private int numRetries;
        private Backoff backoff;
        private Timeouts timeouts;
        private boolean enablePreCallChecks;
        private boolean waitForRecovery;
        private Duration healthCheckInterval;

        private Builder() {
        }

        /** The routing strategy's name. */
        public Builder routingStrategy(String name) {
            this.routingStrategy = name;
            return this;
        }

        /** Failures within the window that open a circuit. */
        public Builder allowedFails(int n) {
            this.allowedFails = n;
            return this;
        }

        /** How long an open circuit stays open. */
        public Builder cooldownTime(Duration d) {
            this.cooldownTime = d;
            return this;
        }

        /** The rolling window failures are counted in. */
        public Builder failureWindow(Duration d) {
            this.failureWindow = d;
            return this;
        }

        /** Growth of the cooldown after each failed probe. */
        public Builder cooldownMultiplier(double m) {
            this.cooldownMultiplier = m;
            return this;
        }

        /** The cap on a grown cooldown. */
        public Builder maxCooldown(Duration d) {
            this.maxCooldown = d;
            return this;
        }

        /** Attempts after the first within one model group. */
        public Builder numRetries(int n) {
            this.numRetries = n;
            return this;
        }

        /** Backoff between retries. */
        public Builder backoff(Backoff b) {
            this.backoff = b;
            return this;
        }

        /** The five timeout layers. */
        public Builder timeouts(Timeouts t) {
            this.timeouts = t;
            return this;
        }

        /** Whether context windows are checked before a call. */
        public Builder enablePreCallChecks(boolean on) {
            this.enablePreCallChecks = on;
            return this;
        }

        /** Whether to wait for the earliest circuit recovery. */
        public Builder waitForRecovery(boolean on) {
            this.waitForRecovery = on;
            return this;
        }

        /** Background probing interval, or null for none. */
        public Builder healthCheckInterval(Duration d) {
            this.healthCheckInterval = d;
            return this;
        }

        /** @throws NullPointerException when a required value is null */
        public RouterSettings build() {
            return new RouterSettings(routingStrategy, allowedFails, cooldownTime, failureWindow, cooldownMultiplier,
                    maxCooldown, numRetries, backoff, timeouts, enablePreCallChecks, waitForRecovery,
                    healthCheckInterval);
        }
    }
}
