package dev.llmrouter.spi.state;

import java.time.Duration;
import java.util.Objects;

/**
 * One change of a deployment's circuit, made by the admit or settle that reports it (each change is
 * reported exactly once, by the call that made it): CLOSED to OPEN when failures trip it, OPEN to
 * HALF_OPEN when the first probe is let through (a circuit has no timer, so not when the cooldown
 * ends), HALF_OPEN to CLOSED or OPEN by the probe's result, HALF_OPEN to OPEN also when a failure
 * that opens at once lengthens the cooldown. Immutable and thread-safe. A record: a fixed shape,
 * one state change (from, to, cooldown).
 *
 * @param from the state before
 * @param to the state after
 * @param cooldown for a change to {@link CircuitState#OPEN}, how long it now stays open; else zero
 */
public record CircuitTransition(CircuitState from, CircuitState to, Duration cooldown) {
    /** @throws NullPointerException when a state is null */
    public CircuitTransition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        cooldown = cooldown == null ? Duration.ZERO : cooldown;
    }
}
