package dev.llmrouter.spi.state;

import dev.llmrouter.api.FailureKind;
import java.time.Duration;
import java.util.Objects;

/**
 * How an admitted attempt ended, as the admission step needs it to settle: success, a failure of
 * some kind (which may count for the circuit or open it at once, per {@link FailureKind}), or
 * cancelled by the caller (release only). Immutable and thread-safe. A record: a fixed shape, what
 * settling an attempt needs.
 *
 * @param success true when the attempt produced the answer
 * @param failure the failure kind, when it failed
 * @param retryAfter the server's retry hint (for a 429: the circuit's cooldown), or null
 */
public record AttemptResult(boolean success, FailureKind failure, Duration retryAfter) {
    /** A success. */
    public static final AttemptResult SUCCESS = new AttemptResult(true, null, null);

    /** Checks consistency. */
    public AttemptResult {
        if (!success) {
            Objects.requireNonNull(failure, "failure");
        }
    }

    /** A failure of the given kind, with an optional server retry hint. */
    public static AttemptResult failed(FailureKind kind, Duration retryAfter) {
        return new AttemptResult(false, kind, retryAfter);
    }

    /** True when this outcome is tallied by the circuit breaker. */
    public boolean countsForCircuit() {
        return !success && failure.countsForCircuit();
    }
}
