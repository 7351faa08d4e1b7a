package dev.llmrouter.spi.state;

import dev.llmrouter.config.RouterSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * How a deployment's circuit breaker behaves (DESIGN section 4.3). Immutable and thread-safe; the
 * router builds it from {@link RouterSettings} ({@link #builder()} is public for tests of state
 * stores). A class rather than a record so that new settings can be added without breaking stores.
 */
public final class CircuitPolicy {
    private final int allowedFails;
    private final Duration failureWindow;
    private final Duration cooldown;
    private final double cooldownMultiplier;
    private final Duration maxCooldown;

    private CircuitPolicy(Builder b) {
        this.allowedFails = b.allowedFails;
        this.failureWindow = Objects.requireNonNull(b.failureWindow, "failureWindow");
        this.cooldown = Objects.requireNonNull(b.cooldown, "cooldown");
        this.cooldownMultiplier = b.cooldownMultiplier;
        this.maxCooldown = Objects.requireNonNull(b.maxCooldown, "maxCooldown");
        if (allowedFails < 1) {
            throw new IllegalArgumentException("allowedFails must be at least 1, got " + allowedFails);
        }
        if (cooldownMultiplier < 1.0) {
            throw new IllegalArgumentException("cooldownMultiplier must be at least 1, got " + cooldownMultiplier);
        }
    }

    /** A builder starting from the defaults of {@link RouterSettings#DEFAULTS}. */
    public static Builder builder() {
        RouterSettings d = RouterSettings.DEFAULTS;
        return new Builder().allowedFails(d.allowedFails()).failureWindow(d.failureWindow()).cooldown(d.cooldownTime())
                .cooldownMultiplier(d.cooldownMultiplier()).maxCooldown(d.maxCooldown());
    }

    /** A builder holding this policy's values. */
    public Builder toBuilder() {
        return new Builder().allowedFails(allowedFails).failureWindow(failureWindow).cooldown(cooldown)
                .cooldownMultiplier(cooldownMultiplier).maxCooldown(maxCooldown);
    }

    /** Counted failures within {@link #failureWindow()} that open the circuit. */
    public int allowedFails() {
        return allowedFails;
    }

    /** The rolling window failures are counted in. */
    public Duration failureWindow() {
        return failureWindow;
    }

    /** How long the circuit stays open before one half-open probe is let through. */
    public Duration cooldown() {
        return cooldown;
    }

    /** Growth of the cooldown after each failed probe (1 = none). */
    public double cooldownMultiplier() {
        return cooldownMultiplier;
    }

    /** The cap on a grown cooldown. */
    public Duration maxCooldown() {
        return maxCooldown;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CircuitPolicy p && p.allowedFails == allowedFails && p.failureWindow.equals(failureWindow)
                && p.cooldown.equals(cooldown) && Double.compare(p.cooldownMultiplier, cooldownMultiplier) == 0
                && p.maxCooldown.equals(maxCooldown);
    }

    @Override
    public int hashCode() {
        return Objects.hash(allowedFails, failureWindow, cooldown, cooldownMultiplier, maxCooldown);
    }

    @Override
    public String toString() {
        return "CircuitPolicy[allowedFails=" + allowedFails + ", failureWindow=" + failureWindow + ", cooldown="
                + cooldown + ", cooldownMultiplier=" + cooldownMultiplier + ", maxCooldown=" + maxCooldown + "]";
    }

    /** Builds a {@link CircuitPolicy}. Not thread-safe. */
    public static final class Builder {
        private int allowedFails;
        private Duration failureWindow;
        private Duration cooldown;
        private double cooldownMultiplier;
        private Duration maxCooldown;

        private Builder() {
        }

        /** Counted failures within the failure window that open the circuit (at least 1). */
        public Builder allowedFails(int allowedFails) {
            this.allowedFails = allowedFails;
            return this;
        }

        /** The rolling window failures are counted in. */
        public Builder failureWindow(Duration failureWindow) {
            this.failureWindow = failureWindow;
            return this;
        }

        /** How long the circuit stays open before one half-open probe is let through. */
        public Builder cooldown(Duration cooldown) {
            this.cooldown = cooldown;
            return this;
        }

        /** Growth of the cooldown after each failed probe (at least 1; 1 = none). */
        public Builder cooldownMultiplier(double cooldownMultiplier) {
            this.cooldownMultiplier = cooldownMultiplier;
            return this;
        }

        /** The cap on a grown cooldown. */
        public Builder maxCooldown(Duration maxCooldown) {
            this.maxCooldown = maxCooldown;
            return this;
        }

        /**
         * @throws NullPointerException when a duration is null
         * @throws IllegalArgumentException when allowedFails is below 1 or cooldownMultiplier below 1
         */
        public CircuitPolicy build() {
            return new CircuitPolicy(this);
        }
    }
}
