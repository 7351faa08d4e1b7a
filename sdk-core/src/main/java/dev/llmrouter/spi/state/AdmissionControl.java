package dev.llmrouter.spi.state;

/**
 * The single admission step before every attempt (DESIGN section 3): circuit permit (or the one
 * half-open probe), rpm/tpm reservation on the deployment and its group, and a concurrency lease on
 * the provider and deployment, all or nothing; and the settlement after it: circuit result,
 * limiter reconciliation with the real token usage, lease release.
 *
 * <p>A denied admission reserves nothing. A granted one reserves everything and must be settled
 * exactly once, also when the attempt is cancelled. The local implementation composes
 * {@code CircuitStore}, {@code RateLimitStore} and {@code ConcurrencyStore}; a Redis one runs one
 * script per admit and one pipelined write per settle.
 *
 * <p>Implementations are thread-safe.
 */
public interface AdmissionControl extends AutoCloseable {

    /**
     * Decides one attempt. Never blocks longer than {@code maxWaitNanos} (0: never blocks): only a
     * missing concurrency slot is waited for, first come first served; rate limits and open circuits
     * answer at once with a denial and its {@code retryAfter}.
     *
     * @throws InterruptedException when the waiting thread is interrupted (nothing is reserved)
     */
    Admission admit(AdmissionRequest request, long maxWaitNanos) throws InterruptedException;

    /**
     * Settles a granted admission: records the result in the circuit, reconciles the tpm reservation
     * with {@code actualTokens} (refunds an over-reservation, charges an under-estimate), and releases
     * the concurrency lease. Settling a denied or already settled admission does nothing. A negative
     * {@code actualTokens} means the usage is unknown: the token reservation stays charged as reserved.
     */
    void settle(Admission admission, AttemptResult result, long actualTokens);

    /** The circuit of a deployment now (CLOSED for one never seen). */
    CircuitView circuit(String deploymentId, CircuitPolicy policy);

    /** Requests in flight on a deployment now (for {@code least-busy} and health). */
    int inFlight(String deploymentId);

    /**
     * The share of a deployment's limits still free now, 0 to 1 (the smaller of rpm and tpm
     * headroom; 1 when unlimited), for {@code usage-based} routing and health.
     */
    double headroom(String deploymentId, dev.llmrouter.config.RateLimit limit);

    /**
     * Which state store this is, for health reports and the CLI: for example
     * {@code local (this JVM only)} or {@code redis standalone 127.0.0.1:6379 db 0 (shared)}. Never
     * contains a password. The default says local.
     */
    default String description() {
        return "local (this JVM only)";
    }

    /**
     * The in-process admission control (what the router uses without shared state), for a shared
     * store to fall back on while it is unavailable.
     *
     * @param time the clock
     * @param listener told about every circuit change
     */
    static AdmissionControl local(dev.llmrouter.TimeSource time, CircuitListener listener) {
        return new dev.llmrouter.internal.state.LocalAdmissionControl(time, listener);
    }

    /** Releases background resources. */
    @Override
    void close();
}
