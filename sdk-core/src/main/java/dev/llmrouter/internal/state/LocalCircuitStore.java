package dev.llmrouter.internal.state;

import dev.llmrouter.spi.state.AttemptResult;
import dev.llmrouter.spi.state.CircuitPermit;
import dev.llmrouter.spi.state.CircuitPolicy;
import dev.llmrouter.spi.state.CircuitStore;
import dev.llmrouter.spi.state.CircuitUpdate;
import dev.llmrouter.spi.state.CircuitView;
import dev.llmrouter.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process {@link CircuitStore}: one {@link CircuitRecord} per deployment, created on its
 * first counted failure (a deployment that never failed costs one map lookup per attempt).
 *
 * <p>The half-open probe holds a lease of the current cooldown, but at least
 * {@link #DEFAULT_MIN_PROBE_LEASE} (30 s, the default attempt timeout) unless configured, so a probe
 * that is never settled frees the circuit without letting a second probe overlap a slow first one.
 *
 * <p>Thread-safe: no global lock; each deployment's record has its own.
 */
public final class LocalCircuitStore implements CircuitStore {
    /** The default minimum probe lease. */
    public static final Duration DEFAULT_MIN_PROBE_LEASE = Duration.ofSeconds(30);

    private final TimeSource time;
    private final long minProbeLeaseNanos;
    private final ConcurrentHashMap<String, CircuitRecord> records = new ConcurrentHashMap<>();

    /** A store whose probe leases last at least {@link #DEFAULT_MIN_PROBE_LEASE}. */
    public LocalCircuitStore(TimeSource time) {
        this(time, DEFAULT_MIN_PROBE_LEASE);
    }

    /** A store whose probe leases last at least {@code minProbeLease}. */
    public LocalCircuitStore(TimeSource time, Duration minProbeLease) {
        this.time = Objects.requireNonNull(time, "time");
        if (minProbeLease.isNegative()) {
            throw new IllegalArgumentException("minProbeLease cannot be negative: " + minProbeLease);
        }
        this.minProbeLeaseNanos = minProbeLease.toNanos();
    }

    @Override
    public CircuitPermit tryAcquire(String deploymentId, CircuitPolicy policy) {
        CircuitRecord r = records.get(deploymentId);
        return r == null ? CircuitPermit.GRANTED : r.tryAcquire(time, minProbeLeaseNanos);
    }

    @Override
    public void release(String deploymentId, CircuitPermit permit) {
        CircuitRecord r = permit.probe() ? records.get(deploymentId) : null;
        if (r != null) {
            r.release(permit);
        }
    }

    @Override
    public CircuitUpdate record(String deploymentId, CircuitPermit permit, AttemptResult result, CircuitPolicy policy) {
        CircuitRecord r = result.countsForCircuit()
                ? records.computeIfAbsent(deploymentId, id -> new CircuitRecord())
                : records.get(deploymentId);
        return r == null ? CircuitUpdate.CLOSED : r.record(permit, result, policy, time);
    }

    @Override
    public CircuitView view(String deploymentId, CircuitPolicy policy) {
        CircuitRecord r = records.get(deploymentId);
        return r == null ? CircuitView.CLOSED : r.view(time, policy);
    }
}
