package dev.llmrouter.spi.state;

/**
 * A circuit's answer to one attempt: go ahead (closed), go ahead as the single half-open probe
 * (holding probe lease {@code probeLease}), or no (open, or half-open with the probe out) until
 * {@code retryAfterNanos} from now; with the circuit's state after the call and the change the call
 * made (OPEN to HALF_OPEN when it handed out the first probe of an opening). Immutable and
 * thread-safe. A record: a message of the circuit protocol between the engine and a
 * {@link CircuitStore}, shaped by that protocol (a new field would be an SPI change).
 *
 * @param kind the answer
 * @param probeLease the probe's lease id (positive) when {@code kind} is {@link Kind#PROBE}, else 0
 * @param retryAfterNanos when denied: nanoseconds until the circuit may let an attempt through
 * @param state the circuit's state after the call
 * @param transition the change the call made, or null
 */
public record CircuitPermit(Kind kind, long probeLease, long retryAfterNanos, CircuitState state,
                            CircuitTransition transition) {

    /** The answers. */
    public enum Kind {
        /** The circuit is closed: an ordinary attempt. */
        GRANTED,
        /** The circuit is half-open and this attempt is its one probe. */
        PROBE,
        /** The circuit is open, or half-open with its probe already out. */
        DENIED
    }

    /** The shared permit of a closed circuit (no allocation on the common path). */
    public static final CircuitPermit GRANTED = new CircuitPermit(Kind.GRANTED, 0, 0, CircuitState.CLOSED, null);

    /** The probe permit holding lease {@code lease}; {@code transition} when it is the opening's first probe. */
    public static CircuitPermit probe(long lease, CircuitTransition transition) {
        return new CircuitPermit(Kind.PROBE, lease, 0, CircuitState.HALF_OPEN, transition);
    }

    /** A denial for {@code retryAfterNanos} nanoseconds by a circuit in {@code state} (OPEN or HALF_OPEN). */
    public static CircuitPermit denied(long retryAfterNanos, CircuitState state) {
        return new CircuitPermit(Kind.DENIED, 0, Math.max(0, retryAfterNanos), state, null);
    }

    /** True when the attempt may go ahead. */
    public boolean granted() {
        return kind != Kind.DENIED;
    }

    /** True when this attempt is the half-open probe. */
    public boolean probe() {
        return kind == Kind.PROBE;
    }
}
