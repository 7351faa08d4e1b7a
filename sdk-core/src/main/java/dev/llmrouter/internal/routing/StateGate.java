package dev.llmrouter.internal.routing;

import dev.llmrouter.TimeSource;
import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.AdmissionControl;
import dev.llmrouter.spi.state.AdmissionRequest;
import dev.llmrouter.spi.state.AttemptResult;
import dev.llmrouter.spi.state.CircuitPolicy;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spi.state.CircuitTransition;
import dev.llmrouter.spi.state.Settlement;
import java.time.Duration;
import java.time.Instant;

/**
 * The request path's only door to the state store: one {@link #admit} before an attempt, one
 * {@link #settle} after it. Every circuit event comes from here, from the transitions the store's
 * answers report, and every figure selection reads (in flight, the circuit's last denial, headroom) is
 * learned here and kept on the {@link RouterDeployment}, so choosing among a group of any size asks
 * the store nothing more.
 *
 * <p>A circuit denial is remembered until the circuit's {@code retryAfter} for an OPEN circuit (no
 * JVM can close it sooner) and at most {@link #HALF_OPEN_RECHECK} for a HALF_OPEN one whose probe is
 * out (the probe may close it any moment, perhaps in another JVM); selection skips the deployment
 * meanwhile without an admit. Any other answer clears it. Thread-safe: the figures are volatile or
 * atomic; racing updates may leave a slightly stale figure, bounded by the same times.
 */
final class StateGate {
    /** How long a half-open circuit's denial (probe out) keeps the deployment skipped without asking again. */
    static final Duration HALF_OPEN_RECHECK = Duration.ofMillis(500);
    /** A headroom figure older than this (the rate-limit window) no longer says anything: full headroom. */
    private static final long HEADROOM_TTL = Duration.ofMinutes(1).toNanos();
    private static final long HEADROOM_REFRESH = Duration.ofSeconds(1).toNanos();

    private final AdmissionControl admission;
    private final CircuitPolicy policy;
    private final Events events;
    private final TimeSource time;

    StateGate(AdmissionControl admission, CircuitPolicy policy, Events events, TimeSource time) {
        this.admission = admission;
        this.policy = policy;
        this.events = events;
        this.time = time;
    }

    /** The one admit before an attempt on {@code d}, waiting up to {@code maxWaitNanos} for a concurrency slot. */
    Admission admit(RequestState st, ModelGroup group, Deployment d, long maxWaitNanos) {
        RouterDeployment rd = RouterDeployment.of(d);
        AdmissionRequest request = AdmissionRequest.builder(st.nextAdmissionId(), d.id(), d.provider(), group.name)
                .deploymentLimit(d.limit()).groupLimit(group.limit)
                .providerMaxParallel(d.providerConfig().maxParallelRequests().orElse(0))
                .deploymentMaxParallel(d.config().maxParallelRequests().orElse(0))
                .reservedTokens(st.reservedTokens()).circuit(policy).build();
        Admission a = st.scope.admit(admission, request, maxWaitNanos);
        if (a.granted()) {
            rd.inFlight.incrementAndGet();
        }
        long retry = a.denial() == Admission.Denial.CIRCUIT_OPEN ? a.retryAfter().toNanos() : 0;
        learn(st, rd, a.circuitState(), retry, a.transition(), a.headroom());
        return a;
    }

    /** The one settle after an attempt of {@code st} on {@code d} under {@code a}. */
    Settlement settle(RequestState st, Deployment d, Admission a, AttemptResult result, long actualTokens) {
        Settlement s = admission.settle(a, result, actualTokens);
        if (s.applied()) {
            RouterDeployment rd = RouterDeployment.of(d);
            rd.inFlight.decrementAndGet();
            learn(st, rd, s.circuitState(), s.circuitRetryAfter().toNanos(), s.transition(), s.headroom());
        }
        return s;
    }

    /** True when {@code d}'s circuit said no recently enough to skip it at {@code now} without asking. */
    static boolean circuitSkips(Deployment d, long now) {
        long until = RouterDeployment.of(d).circuitSkipUntil;
        return until != 0 && now - until < 0;
    }

    /** When {@code d}'s circuit said it may let an attempt through, as a wall-clock instant. */
    Instant recoversAt(Deployment d, long now) {
        return time.now().plusNanos(Math.max(0, RouterDeployment.of(d).circuitRecoversAt - now));
    }

    /** {@code d}'s headroom as last reported; full once the report is older than the rate-limit window. */
    double headroom(Deployment d, long now) {
        RouterDeployment rd = RouterDeployment.of(d);
        double h = rd.headroom;
        return h >= 1.0 || now - rd.headroomAt > HEADROOM_TTL ? 1.0 : h;
    }

    private void learn(RequestState st, RouterDeployment d, CircuitState state, long retryNanos, CircuitTransition change,
                       double headroom) {
        long now = time.nanoTime();
        if (retryNanos > 0 && state != CircuitState.CLOSED) {
            long recheck = state == CircuitState.OPEN ? retryNanos : Math.min(retryNanos, HALF_OPEN_RECHECK.toNanos());
            d.circuitRecoversAt = now + retryNanos;
            d.circuitSkipUntil = now + recheck;
        } else if (d.circuitSkipUntil != 0) {
            d.circuitSkipUntil = 0; // written only when set: no write to a line every request shares
        }
        // rewritten only when it moved or aged, so the busiest deployment's line is not written per request
        if (!Double.isNaN(headroom) && (Math.abs(headroom - d.headroom) > 1e-3 || now - d.headroomAt > HEADROOM_REFRESH)) {
            d.headroom = headroom;
            d.headroomAt = now;
        }
        if (change != null) {
            events.circuitChanged(st.info, d, change);
        }
    }
}
