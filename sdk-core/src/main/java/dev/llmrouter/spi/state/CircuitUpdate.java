package dev.llmrouter.spi.state;

/**
 * A circuit after {@link CircuitStore#record} or {@link CircuitStore#release}: its state, how long
 * until it lets an attempt through (0: now), and the change the call made, if any. Immutable and
 * thread-safe. A record: a message of the circuit protocol between the engine and a
 * {@link CircuitStore}, shaped by that protocol (a new field would be an SPI change).
 *
 * @param state the state after the call
 * @param retryAfterNanos nanoseconds until an attempt may go (rest of the cooldown or of the probe's lease)
 * @param transition the change the call made, or null
 */
public record CircuitUpdate(CircuitState state, long retryAfterNanos, CircuitTransition transition) {
    /** A closed circuit the call did not change (shared: no allocation on the common path). */
    public static final CircuitUpdate CLOSED = new CircuitUpdate(CircuitState.CLOSED, 0, null);
}
