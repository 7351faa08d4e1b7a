package dev.llmrouter.spi.state;

/** The states of a deployment's circuit breaker. Immutable and thread-safe. */
public enum CircuitState {
    /** Traffic flows; counted failures are tallied in the rolling window. */
    CLOSED,
    /** The deployment is skipped without a network call until the cooldown ends. */
    OPEN,
    /** The cooldown ended: exactly one probe request is let through; its result closes or re-opens. */
    HALF_OPEN
}
