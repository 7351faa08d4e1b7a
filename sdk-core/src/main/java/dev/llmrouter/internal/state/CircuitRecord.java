package dev.llmrouter.internal.state;

import dev.llmrouter.TimeSource;
import dev.llmrouter.api.FailureKind;
import dev.llmrouter.spi.state.AttemptResult;
import dev.llmrouter.spi.state.CircuitListener;
import dev.llmrouter.spi.state.CircuitPermit;
import dev.llmrouter.spi.state.CircuitPolicy;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spi.state.CircuitView;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One deployment's circuit breaker (DESIGN section 4.3), created on its first counted failure.
 *
 * <p>Choices the design leaves open: successes in CLOSED reset nothing (failures simply age out of
 * the rolling window), so a flapping server that fails {@code allowedFails} times in a window
 * opens even between successes. While the circuit is open, results of attempts admitted before it
 * opened change nothing, except that a failure that opens at once (a 429 with a longer Retry-After)
 * may lengthen the cooldown, never shorten it; once the probe is out, only the probe's result
 * counts. The probe holds a lease of {@code max(current cooldown, minimum lease)}; after it expires
 * another probe may go, and only the newest lease may close or re-open the circuit.
 *
 * <p>Thread-safe: a closed circuit, and an open one within its cooldown, answer from volatile reads
 * without locking; every change happens under this record's own lock, and listeners are called after
 * it is released.
 */
public final class CircuitRecord {
    private static final Logger LOG = LoggerFactory.getLogger(CircuitRecord.class);

    private final String deploymentId;
    private final CircuitListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean open;
    private volatile long openUntil;
    /** The cooldown of the current opening, the base of its growth after a failed probe. */
    private long level;
    /** Announced HALF_OPEN to the listener during the current opening. */
    private boolean halfOpen;
    private long probeLease;
    private long probeExpiry;
    private long leaseSeq;
    /** Times of the last {@code allowedFails} counted failures while closed, a ring. */
    private long[] fails = new long[0];
    private int failNext;
    private int failCount;

    /** A closed circuit for {@code deploymentId}. */
    public CircuitRecord(String deploymentId, CircuitListener listener) {
        this.deploymentId = deploymentId;
        this.listener = listener;
    }

    /** See {@link dev.llmrouter.spi.state.CircuitStore#tryAcquire}. */
    public CircuitPermit tryAcquire(TimeSource time, long minLeaseNanos) {
        if (!open) {
            return CircuitPermit.GRANTED;
        }
        long until = openUntil;
        long now = time.nanoTime();
        if (now < until) {
            return CircuitPermit.denied(until - now);
        }
        CircuitPermit permit;
        boolean announce;
        lock.lock();
        try {
            now = time.nanoTime();
            if (!open) {
                return CircuitPermit.GRANTED;
            }
            if (now < openUntil) {
                return CircuitPermit.denied(openUntil - now);
            }
            if (probeLease != 0 && now < probeExpiry) {
                return CircuitPermit.denied(probeExpiry - now);
            }
            probeLease = ++leaseSeq;
            probeExpiry = now + Math.max(level, minLeaseNanos);
            permit = CircuitPermit.probe(probeLease);
            announce = !halfOpen;
            halfOpen = true;
        } finally {
            lock.unlock();
        }
        if (announce) {
            fire(CircuitState.OPEN, CircuitState.HALF_OPEN, 0);
        }
        return permit;
    }

    /** Frees an unused probe lease so another attempt may probe at once. */
    public void release(CircuitPermit permit) {
        if (!permit.probe()) {
            return;
        }
        lock.lock();
        try {
            if (probeLease == permit.probeLease()) {
                probeLease = 0;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Records an attempt's result; see the class comment for the rules. */
    public void record(CircuitPermit permit, AttemptResult result, CircuitPolicy policy, TimeSource time) {
        boolean counts = result.countsForCircuit();
        if (!counts && !permit.probe()) {
            return;
        }
        CircuitState from = null;
        CircuitState to = null;
        long cooldown = 0;
        lock.lock();
        try {
            long now = time.nanoTime();
            if (permit.probe() && open && probeLease == permit.probeLease()) {
                probeLease = 0;
                if (result.success()) {
                    from = halfOpenOrOpen();
                    to = CircuitState.CLOSED;
                    close();
                } else if (counts) {
                    from = halfOpenOrOpen();
                    to = CircuitState.OPEN;
                    level = grow(level, policy);
                    cooldown = openFor(now, cooldownFor(result, level, policy));
                }
            } else if (!counts) {
                return;
            } else if (!open) {
                if (result.failure().opensCircuitImmediately() || tally(now, policy)) {
                    from = CircuitState.CLOSED;
                    to = CircuitState.OPEN;
                    level = nanos(policy.cooldown());
                    cooldown = openFor(now, cooldownFor(result, level, policy));
                }
            } else if (result.failure().opensCircuitImmediately() && (probeLease == 0 || now >= probeExpiry)) {
                long until = now + cooldownFor(result, level, policy);
                if (until > openUntil) {
                    probeLease = 0;
                    if (halfOpen) {
                        from = CircuitState.HALF_OPEN;
                        to = CircuitState.OPEN;
                    }
                    cooldown = openFor(now, until - now);
                }
            }
        } finally {
            lock.unlock();
        }
        if (to != null) {
            fire(from, to, cooldown);
        }
    }

    /** The circuit now. */
    public CircuitView view(TimeSource time, CircuitPolicy policy) {
        lock.lock();
        try {
            long now = time.nanoTime();
            if (!open) {
                int inWindow = failuresInWindow(now, nanos(policy.failureWindow()));
                return inWindow == 0 ? CircuitView.CLOSED : new CircuitView(CircuitState.CLOSED, inWindow, null);
            }
            if (now < openUntil) {
                return new CircuitView(CircuitState.OPEN, 0, time.now().plusNanos(openUntil - now));
            }
            return new CircuitView(CircuitState.HALF_OPEN, 0, null);
        } finally {
            lock.unlock();
        }
    }

    private CircuitState halfOpenOrOpen() {
        return halfOpen ? CircuitState.HALF_OPEN : CircuitState.OPEN;
    }

    /** Opens (or keeps open) until at least {@code now + nanos}; returns how long it now stays open. */
    private long openFor(long now, long nanos) {
        long until = now + nanos;
        if (open && openUntil > until) {
            until = openUntil;
        }
        openUntil = until;
        open = true;
        halfOpen = false;
        failCount = 0;
        failNext = 0;
        return until - now;
    }

    private void close() {
        open = false;
        halfOpen = false;
        level = 0;
        failCount = 0;
        failNext = 0;
    }

    /** Adds a failure to the rolling tally; true when {@code allowedFails} now lie within the window. */
    private boolean tally(long now, CircuitPolicy policy) {
        int n = policy.allowedFails();
        if (fails.length != n) {
            fails = new long[n];
            failCount = 0;
            failNext = 0;
        }
        fails[failNext] = now;
        failNext = (failNext + 1) % n;
        if (failCount < n) {
            failCount++;
        }
        return failCount == n && now - fails[failNext] < nanos(policy.failureWindow());
    }

    private int failuresInWindow(long now, long window) {
        int c = 0;
        for (int i = 0; i < failCount; i++) {
            if (now - fails[i] < window) {
                c++;
            }
        }
        return c;
    }

    /**
     * The cooldown of an opening caused by {@code result} at growth level {@code level}: for a 429 the
     * server's hint when given, else the level lengthened to the hint when that is longer; capped at
     * the larger of maxCooldown and the configured cooldown.
     */
    static long cooldownFor(AttemptResult result, long level, CircuitPolicy policy) {
        long cap = Math.max(nanos(policy.maxCooldown()), nanos(policy.cooldown()));
        Duration hint = result.retryAfter();
        if (hint == null || hint.isNegative()) {
            return level;
        }
        long h = Math.min(nanos(hint), cap);
        return result.failure() == FailureKind.RATE_LIMITED ? h : Math.max(level, h);
    }

    private static long grow(long level, CircuitPolicy policy) {
        long cap = Math.max(nanos(policy.maxCooldown()), nanos(policy.cooldown()));
        double grown = Math.max(level, nanos(policy.cooldown())) * policy.cooldownMultiplier();
        return grown >= cap ? cap : (long) grown;
    }

    private static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 4;
        }
    }

    private void fire(CircuitState from, CircuitState to, long cooldownNanos) {
        try {
            listener.onChange(deploymentId, from, to, Duration.ofNanos(cooldownNanos));
        } catch (RuntimeException e) {
            LOG.warn("circuit listener failed for deployment {} ({} -> {})", deploymentId, from, to, e);
        }
    }
}
