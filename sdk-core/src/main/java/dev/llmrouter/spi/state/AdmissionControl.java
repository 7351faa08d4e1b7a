package dev.llmrouter.spi.state;

import dev.llmrouter.config.RateLimit;

/**
 * The router's only access to shared decision state on the request path (DESIGN section 3): one
 * {@link #admit} before an attempt and one {@link #settle} after it. Nothing else of this interface
 * is called while routing a request, so a selection over a group of any size costs one store call
 * when its first choice is admitted, and a Redis implementation one round trip each way.
 *
 * <h2>admit</h2>
 * All or nothing, in this order: the circuit permit (CLOSED: granted; OPEN within its cooldown:
 * denied; cooldown over: the single half-open probe, held as a lease that expires after
 * {@code max(current cooldown, a minimum lease)} so a probe whose JVM died cannot stick the
 * circuit; probe already out: denied), the deployment's rpm/tpm, the group's rpm/tpm (one request
 * and {@link AdmissionRequest#reservedTokens()} tokens each, exact sliding windows of 60 s), then a
 * concurrency lease on the provider and the deployment. When a part says no, what earlier parts
 * took is given back (a probe lease freed, reservations removed) and the denial names that part.
 * Everything the decision needs travels in the {@link AdmissionRequest}: limits, caps and circuit
 * policy are arguments, never looked up. Admit is idempotent on {@link AdmissionRequest#attemptId()}:
 * a repeated admit while the grant is outstanding returns the same answer and reserves nothing more.
 *
 * <h2>settle</h2>
 * For a granted admission, once: the circuit result (a counted failure tallies or opens it, the
 * probe's result closes or re-opens it; a result that does not count frees a probe lease without
 * deciding), tpm reconciliation with the real usage in the reservation's window slot, and the lease
 * release. Settling a denied or already settled admission does nothing and answers
 * {@link Settlement#IGNORED}.
 *
 * <h2>Answers</h2>
 * {@link Admission} and {@link Settlement} are plain values carrying the circuit state after the
 * call, how long until the circuit lets an attempt through, and the {@link CircuitTransition} the
 * call made, if any. The router emits circuit events from these answers only, so every transition
 * must be reported by exactly one answer: the call that made it (OPEN to HALF_OPEN by the admit that
 * takes the first probe of an opening). The router also remembers a circuit's denial locally until
 * its {@code retryAfter} and skips that deployment meanwhile without asking again (a half-open
 * denial only briefly, since another JVM's probe may close the circuit any moment).
 *
 * <h2>Reads</h2>
 * {@link #circuit}, {@link #inFlight} and {@link #headroom} serve health reports and operators, never
 * the request path; they may cost a round trip each.
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
     * the concurrency lease. A negative {@code actualTokens} means the usage is unknown: the token
     * reservation stays charged as reserved.
     *
     * @return what the call did; {@link Settlement#IGNORED} for a denied or already settled admission
     */
    Settlement settle(Admission admission, AttemptResult result, long actualTokens);

    /** The circuit of a deployment now (CLOSED for one never seen). For health reports, not routing. */
    CircuitView circuit(String deploymentId, CircuitPolicy policy);

    /** Concurrency leases held on a deployment now, by every router sharing this state. For health reports. */
    int inFlight(String deploymentId);

    /**
     * The share of a deployment's limits still free now, 0 to 1 (the smaller of rpm and tpm
     * headroom; 1 when unlimited). For health reports.
     */
    double headroom(String deploymentId, RateLimit limit);

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
     */
    static AdmissionControl local(dev.llmrouter.TimeSource time) {
        return new dev.llmrouter.internal.state.LocalAdmissionControl(time);
    }

    /** Releases background resources. */
    @Override
    void close();
}
