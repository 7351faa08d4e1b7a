package dev.llmrouter.spi.state;

import java.time.Duration;
import java.util.Objects;

/**
 * How a deployment's circuit breaker behaves (DESIGN section 4.3). Immutable and thread-safe.
 *
 * @param allowedFails counted failures within {@code failureWindow} that open the circuit
 * @param failureWindow the rolling window failures are counted in
 * @param cooldown how long the circuit stays open before one half-open probe is let through
 * @param cooldownMultiplier growth of the cooldown after each failed probe (1 = none)
 * @param maxCooldown the cap on a grown cooldown
 */
public record CircuitPolicy(int allowedFails, Duration failureWindow, Duration cooldown, double cooldownMultiplier,
                            Duration maxCooldown) {
    /** @throws IllegalArgumentException for non-positive values */
    public CircuitPolicy {
        Objects.requireNonNull(failureWindow, "failureWindow");
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(maxCooldown, "maxCooldown");
        if (allowedFails < 1) {
            throw new IllegalArgumentException("allowedFails must be at least 1, got " + allowedFails);
        }
        if (cooldownMultiplier < 1.0) {
            throw new IllegalArgumentException("cooldownMultiplier must be at least 1, got " + cooldownMultiplier);
        }
    }
}
