package dev.llmrouter.spi.state;

/**
 * Per-deployment circuit breaker state (DESIGN section 4.3), one part the local
 * {@link AdmissionControl} composes. Every call carries the policy and returns the whole answer,
 * with the circuit's state and the change the call made, so the caller emits events from answers and
 * a store needs no listener.
 *
 * <p>Rules: CLOSED tallies failures that count in a rolling window and opens at
 * {@code allowedFails}; failures whose kind opens at once open it immediately; OPEN denies until its
 * cooldown ends; then exactly one probe holds a lease (expiring, so a lost probe cannot stick the
 * circuit); only the probe's result closes or re-opens it; a new trip never shortens a cooldown.
 *
 * <p>Implementations are thread-safe.
 */
public interface CircuitStore {

    /**
     * Asks whether an attempt on {@code deploymentId} may go now; a half-open circuit hands out its
     * one probe lease (reporting OPEN to HALF_OPEN for the first probe of an opening). A deployment
     * never seen is closed.
     */
    CircuitPermit tryAcquire(String deploymentId, CircuitPolicy policy);

    /**
     * Gives back a permit that was not used (the rest of the admission said no): a probe lease is
     * freed so another attempt may probe at once. Nothing is recorded.
     */
    void release(String deploymentId, CircuitPermit permit);

    /** Records how an attempt made under {@code permit} ended. Call once per used permit. */
    CircuitUpdate record(String deploymentId, CircuitPermit permit, AttemptResult result, CircuitPolicy policy);

    /** The circuit of {@code deploymentId} now (CLOSED with no failures for one never seen). */
    CircuitView view(String deploymentId, CircuitPolicy policy);
}
