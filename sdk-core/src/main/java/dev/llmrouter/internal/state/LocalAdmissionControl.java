package dev.llmrouter.internal.state;

import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.AdmissionControl;
import dev.llmrouter.spi.state.AdmissionRequest;
import dev.llmrouter.spi.state.AttemptResult;
import dev.llmrouter.spi.state.CircuitPermit;
import dev.llmrouter.spi.state.CircuitPolicy;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spi.state.CircuitStore;
import dev.llmrouter.spi.state.CircuitUpdate;
import dev.llmrouter.spi.state.CircuitView;
import dev.llmrouter.spi.state.ConcurrencyLease;
import dev.llmrouter.spi.state.ConcurrencyStore;
import dev.llmrouter.TimeSource;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.spi.state.LimitScope;
import dev.llmrouter.spi.state.RateLimitStore;
import dev.llmrouter.spi.state.RateReservation;
import dev.llmrouter.spi.state.Settlement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process {@link AdmissionControl}: composes a {@link CircuitStore}, a
 * {@link RateLimitStore} and a {@link ConcurrencyStore}, all or nothing. In order: the circuit
 * permit (or the one half-open probe), the deployment's rpm/tpm, the group's rpm/tpm, then the
 * concurrency lease; when a part says no, every part before it is given back (a probe lease
 * freed, reservations refunded) and the denial names that part and how long until it may say yes
 * (for an open circuit, until its recovery; for a half-open one whose probe is out, until that
 * probe's lease ends; for concurrency, zero: unknown).
 *
 * <p>When no concurrency slot is free and waiting is allowed, everything taken so far is given back
 * before waiting in line, and circuit and limits are asked again once a slot is held. So no one
 * waits for a slot while holding the probe or limiter room, and a reservation is stamped with the
 * time the attempt really starts (a reservation stamped before a long wait would let the provider
 * see more than the limit within a minute).
 *
 * <p>Idempotent on the attempt id: a repeated admit while the first is being decided, or while its
 * grant is outstanding, returns the same {@link Admission} and reserves nothing more. After a denial
 * (which reserved nothing) or after settlement, the id is forgotten: attempt ids are unique per
 * attempt. Settling is exactly-once: only the first settle of the very instance {@code admit}
 * returned acts. A negative {@code actualTokens} (usage unknown, e.g. a cancelled stream) keeps the
 * token reservation as charged.
 *
 * <p>Answers carry the circuit's state and change from the circuit store's own answers (a probe
 * taken and then given back, because a limit said no, still reports OPEN to HALF_OPEN: the circuit
 * did turn half-open), and the deployment's headroom read after the reservation or reconciliation
 * (deployments without limits answer 1 without a read).
 *
 * <p>Thread-safe and lock-free at this level; the stores lock per key only. A granted decision
 * allocates a handful of small objects and touches no global lock.
 */
public final class LocalAdmissionControl implements AdmissionControl {
    private final CircuitStore circuits;
    private final RateLimitStore limits;
    private final ConcurrencyStore concurrency;
    private final ConcurrentHashMap<String, AdmissionEntry> attempts = new ConcurrentHashMap<>();

    /** Local stores on {@code time}. */
    public LocalAdmissionControl(TimeSource time) {
        this(new LocalCircuitStore(time), new LocalRateLimitStore(time), new LocalConcurrencyStore());
    }

    /** Composes the given stores (each must be thread-safe). */
    public LocalAdmissionControl(CircuitStore circuits, RateLimitStore limits, ConcurrencyStore concurrency) {
        this.circuits = Objects.requireNonNull(circuits, "circuits");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.concurrency = Objects.requireNonNull(concurrency, "concurrency");
    }

    @Override
    public Admission admit(AdmissionRequest request, long maxWaitNanos) throws InterruptedException {
        AdmissionEntry mine = new AdmissionEntry();
        AdmissionEntry other;
        while ((other = attempts.putIfAbsent(request.attemptId(), mine)) != null) {
            if (!other.await(maxWaitNanos)) {
                // the first admit of this id is still waiting for a slot; this one may not wait longer
                return Admission.denied(request, Admission.Denial.CONCURRENCY, Duration.ZERO);
            }
            Admission same = other.admission();
            if (same != null) {
                return same;
            }
            attempts.remove(request.attemptId(), other); // abandoned: decide afresh
        }
        Admission answer = null;
        try {
            answer = decide(request, maxWaitNanos, mine);
            return answer;
        } finally {
            if (answer == null || !answer.granted()) {
                attempts.remove(request.attemptId(), mine);
            }
            mine.complete(answer);
        }
    }

    @Override
    public Settlement settle(Admission admission, AttemptResult result, long actualTokens) {
        Objects.requireNonNull(result, "result");
        if (!admission.granted()) {
            return Settlement.IGNORED;
        }
        AdmissionRequest r = admission.request();
        AdmissionEntry e = attempts.get(r.attemptId());
        if (e == null || e.admission() != admission || !e.claimSettlement()) {
            return Settlement.IGNORED;
        }
        attempts.remove(r.attemptId(), e);
        CircuitUpdate c;
        try {
            c = circuits.record(r.deploymentId(), e.permit, result, r.circuit());
            limits.reconcile(e.deploymentReservation, actualTokens);
            limits.reconcile(e.groupReservation, actualTokens);
        } finally {
            concurrency.release(e.lease);
        }
        return Settlement.builder(c.state()).circuitRetryAfter(Duration.ofNanos(c.retryAfterNanos()))
                .transition(c.transition()).headroom(deploymentHeadroom(r.deploymentId(), r.deploymentLimit())).build();
    }

    @Override
    public CircuitView circuit(String deploymentId, CircuitPolicy policy) {
        return circuits.view(deploymentId, policy);
    }

    @Override
    public int inFlight(String deploymentId) {
        return concurrency.inFlight(deploymentId);
    }

    @Override
    public double headroom(String deploymentId, RateLimit limit) {
        return deploymentHeadroom(deploymentId, limit == null ? RateLimit.NONE : limit);
    }

    /** Holds no background resources; nothing to release. */
    @Override
    public void close() {
        // state is plain memory, reclaimed with this object
    }

    private Admission decide(AdmissionRequest r, long maxWaitNanos, AdmissionEntry e) throws InterruptedException {
        Admission denied = reserve(r, e);
        if (denied != null) {
            return denied;
        }
        ConcurrencyLease lease;
        try {
            lease = concurrency.acquire(r.attemptId(), r.provider(), r.providerMaxParallel(), r.deploymentId(),
                    r.deploymentMaxParallel(), 0);
        } catch (InterruptedException | RuntimeException ex) {
            giveBack(r, e);
            throw ex;
        }
        if (lease == null) {
            giveBack(r, e);
            if (maxWaitNanos <= 0) {
                return answer(r, e, Admission.Denial.CONCURRENCY, 0);
            }
            lease = concurrency.acquire(r.attemptId(), r.provider(), r.providerMaxParallel(), r.deploymentId(),
                    r.deploymentMaxParallel(), maxWaitNanos);
            if (lease == null) {
                return answer(r, e, Admission.Denial.CONCURRENCY, 0);
            }
            try {
                denied = reserve(r, e);
            } catch (RuntimeException ex) {
                concurrency.release(lease);
                throw ex;
            }
            if (denied != null) {
                concurrency.release(lease);
                return denied;
            }
        }
        e.lease = lease;
        return answer(r, e, null, 0);
    }

    /**
     * The answer: a grant, or a denial by {@code denial} for {@code retryAfterNanos}; with the circuit
     * as the last permit left it (a probe given back leaves it HALF_OPEN with no probe out) and the
     * first change any permit of this decision made.
     */
    private Admission answer(AdmissionRequest r, AdmissionEntry e, Admission.Denial denial, long retryAfterNanos) {
        CircuitPermit p = e.lastPermit;
        // a probe given back leaves the circuit HALF_OPEN with no probe out: the permit's own state
        Admission.Builder b = Admission.builder(r).circuit(p == null ? CircuitState.CLOSED : p.state(), e.transition)
                .headroom(deploymentHeadroom(r.deploymentId(), r.deploymentLimit()));
        if (denial != null) {
            b.denial(denial, Duration.ofNanos(retryAfterNanos));
        } else {
            b.probe(e.permit.probe());
        }
        return b.build();
    }

    /** The deployment's headroom; 1 without a read when it has no limits. */
    private double deploymentHeadroom(String deploymentId, RateLimit limit) {
        return limit.rpm() == null && limit.tpm() == null ? 1.0
                : limits.headroom(LimitScope.DEPLOYMENT, deploymentId, limit);
    }

    /**
     * Takes the circuit permit and both rate reservations into {@code e}; on a denial gives back what
     * it took and returns the denial, else null.
     */
    private Admission reserve(AdmissionRequest r, AdmissionEntry e) {
        CircuitPermit permit = circuits.tryAcquire(r.deploymentId(), r.circuit());
        e.lastPermit = permit;
        if (e.transition == null) {
            e.transition = permit.transition();
        }
        if (!permit.granted()) {
            return answer(r, e, Admission.Denial.CIRCUIT_OPEN, permit.retryAfterNanos());
        }
        RateReservation dep;
        RateReservation grp = null;
        try {
            dep = limits.tryReserve(LimitScope.DEPLOYMENT, r.deploymentId(), r.deploymentLimit(), r.reservedTokens());
            if (dep.granted()) {
                grp = limits.tryReserve(LimitScope.GROUP, r.group(), r.groupLimit(), r.reservedTokens());
            }
        } catch (RuntimeException ex) {
            circuits.release(r.deploymentId(), permit);
            throw ex;
        }
        if (!dep.granted()) {
            circuits.release(r.deploymentId(), permit);
            return answer(r, e, dep.denial() == RateReservation.Limit.RPM ? Admission.Denial.DEPLOYMENT_RPM
                    : Admission.Denial.DEPLOYMENT_TPM, dep.retryAfterNanos());
        }
        if (!grp.granted()) {
            limits.cancel(dep);
            circuits.release(r.deploymentId(), permit);
            return answer(r, e, grp.denial() == RateReservation.Limit.RPM ? Admission.Denial.GROUP_RPM
                    : Admission.Denial.GROUP_TPM, grp.retryAfterNanos());
        }
        e.permit = permit;
        e.deploymentReservation = dep;
        e.groupReservation = grp;
        return null;
    }

    /** Gives back what {@link #reserve} took into {@code e}. */
    private void giveBack(AdmissionRequest r, AdmissionEntry e) {
        limits.cancel(e.groupReservation);
        limits.cancel(e.deploymentReservation);
        circuits.release(r.deploymentId(), e.permit);
        e.permit = null;
        e.deploymentReservation = null;
        e.groupReservation = null;
    }
}
