package dev.llmrouter.spi.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one deployment's circuit, for selection, health reports and metrics. Immutable and
 * thread-safe. A record: a fixed shape, the circuit state machine's observable state (DESIGN
 * section 4.3).
 *
 * @param state the state now (OPEN turns HALF_OPEN when its cooldown has ended)
 * @param failuresInWindow counted failures in the rolling window (CLOSED)
 * @param openUntil when an OPEN circuit lets its probe through, else null
 */
public record CircuitView(CircuitState state, int failuresInWindow, Instant openUntil) {
    /** A closed circuit with no failures. */
    public static final CircuitView CLOSED = new CircuitView(CircuitState.CLOSED, 0, null);

    /** @throws NullPointerException when the state is null */
    public CircuitView {
        Objects.requireNonNull(state, "state");
    }

    /** When the probe will be let through, for an open circuit. */
    public Optional<Instant> recoversAt() {
        return Optional.ofNullable(openUntil);
    }
}
