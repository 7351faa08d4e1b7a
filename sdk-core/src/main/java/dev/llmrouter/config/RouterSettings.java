package dev.llmrouter.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code router_settings}: routing, circuit breaking, retries and timeouts. Immutable and
 * thread-safe; build with {@link #builder()} (which starts from {@link #DEFAULTS}) or change a copy
 * with {@link #toBuilder()}. A class rather than a record so that new settings can be added
 * without breaking callers.
 */
public final class RouterSettings {
    /** The defaults (the seed's router_settings). */
    public static final RouterSettings DEFAULTS = new Builder().build();

    private final String routingStrategy;
    private final int allowedFails;
    private final Duration cooldownTime;
    private final Duration failureWindow;
    private final double cooldownMultiplier;
    private final Duration maxCooldown;
    private final int numRetries;
    private final Backoff backoff;
    private final Timeouts timeouts;
    private final boolean enablePreCallChecks;
    private final boolean waitForRecovery;
    private final Duration healthCheckInterval;

    private RouterSettings(Builder b) {
        this.routingStrategy = Objects.requireNonNull(b.routingStrategy, "routingStrategy");
        this.allowedFails = b.allowedFails;
        this.cooldownTime = Objects.requireNonNull(b.cooldownTime, "cooldownTime");
        this.failureWindow = Objects.requireNonNull(b.failureWindow, "failureWindow");
        this.cooldownMultiplier = b.cooldownMultiplier;
        this.maxCooldown = Objects.requireNonNull(b.maxCooldown, "maxCooldown");
        this.numRetries = b.numRetries;
        this.backoff = Objects.requireNonNull(b.backoff, "backoff");
        this.timeouts = Objects.requireNonNull(b.timeouts, "timeouts");
        this.enablePreCallChecks = b.enablePreCallChecks;
        this.waitForRecovery = b.waitForRecovery;
        this.healthCheckInterval = b.healthCheckInterval;
    }

    /**
     * The routing strategy: {@code simple-shuffle} (default), {@code ordered}, {@code least-busy},
     * {@code latency-based}, {@code usage-based}, {@code cost-based}, or a custom strategy's name.
     */
    public String routingStrategy() {
        return routingStrategy;
    }

    /** Failures that count, within {@link #failureWindow()}, that open a circuit (default 5). */
    public int allowedFails() {
        return allowedFails;
    }

    /** How long an open circuit stays open before its half-open probe (default 60 s). */
    public Duration cooldownTime() {
        return cooldownTime;
    }

    /** The rolling window failures are counted in (default 60 s). */
    public Duration failureWindow() {
        return failureWindow;
    }

    /** Growth of the cooldown after each failed probe (default 1: no growth). */
    public double cooldownMultiplier() {
        return cooldownMultiplier;
    }

    /** The cap on a grown cooldown (default 10 min). */
    public Duration maxCooldown() {
        return maxCooldown;
    }

    /** Attempts after the first within one model group (default 2). */
    public int numRetries() {
        return numRetries;
    }

    /** Backoff between retries on the same deployment (default {@link Backoff#DEFAULTS}). */
    public Backoff backoff() {
        return backoff;
    }

    /** The five timeout layers (default {@link Timeouts#DEFAULTS}). */
    public Timeouts timeouts() {
        return timeouts;
    }

    /** Whether deployments whose context window is too small for the prompt are skipped (default true). */
    public boolean enablePreCallChecks() {
        return enablePreCallChecks;
    }

    /** When every circuit is open, whether to wait for the earliest recovery inside the deadline (default false). */
    public boolean waitForRecovery() {
        return waitForRecovery;
    }

    /** The background probing interval; empty when probing is off (the default). */
    public Optional<Duration> healthCheckInterval() {
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

    @Override
    public boolean equals(Object o) {
        return o instanceof RouterSettings s && s.routingStrategy.equals(routingStrategy) && s.allowedFails == allowedFails
                && s.cooldownTime.equals(cooldownTime) && s.failureWindow.equals(failureWindow)
                && Double.compare(s.cooldownMultiplier, cooldownMultiplier) == 0 && s.maxCooldown.equals(maxCooldown)
                && s.numRetries == numRetries && s.backoff.equals(backoff) && s.timeouts.equals(timeouts)
                && s.enablePreCallChecks == enablePreCallChecks && s.waitForRecovery == waitForRecovery
                && Objects.equals(s.healthCheckInterval, healthCheckInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(routingStrategy, allowedFails, cooldownTime, failureWindow, cooldownMultiplier, maxCooldown,
                numRetries, backoff, timeouts, enablePreCallChecks, waitForRecovery, healthCheckInterval);
    }

    @Override
    public String toString() {
        return "RouterSettings[routingStrategy=" + routingStrategy + ", allowedFails=" + allowedFails
                + ", cooldownTime=" + cooldownTime + ", failureWindow=" + failureWindow + ", cooldownMultiplier="
                + cooldownMultiplier + ", maxCooldown=" + maxCooldown + ", numRetries=" + numRetries + ", backoff="
                + backoff + ", timeouts=" + timeouts + ", enablePreCallChecks=" + enablePreCallChecks
                + ", waitForRecovery=" + waitForRecovery + ", healthCheckInterval=" + healthCheckInterval + "]";
    }

    /** Builds {@link RouterSettings}; every field starts at its default. Not thread-safe. */
    public static final class Builder {
        private String routingStrategy = "simple-shuffle";
        private int allowedFails = 5;
        private Duration cooldownTime = Duration.ofSeconds(60);
        private Duration failureWindow = Duration.ofSeconds(60);
        private double cooldownMultiplier = 1.0;
        private Duration maxCooldown = Duration.ofMinutes(10);
        private int numRetries = 2;
        private Backoff backoff = Backoff.DEFAULTS;
        private Timeouts timeouts = Timeouts.DEFAULTS;
        private boolean enablePreCallChecks = true;
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
            return new RouterSettings(this);
        }
    }
}
