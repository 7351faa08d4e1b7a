package dev.llmrouter.internal.state;

import dev.llmrouter.TimeSource;
import dev.llmrouter.api.FailureKind;
import dev.llmrouter.spi.state.AttemptResult;
import dev.llmrouter.spi.state.CircuitPermit;
import dev.llmrouter.spi.state.CircuitPolicy;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spi.state.CircuitTransition;
import dev.llmrouter.spi.state.CircuitUpdate;
import dev.llmrouter.spi.state.CircuitView;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

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
 * <p>Every call answers with the circuit's state after it and the change it made, so the caller
 * reports each change exactly once and no listener is needed.
 *
 * <p>Thread-safe: a closed circuit, and an open one within its cooldown, answer from volatile reads
 * without locking, and so does {@link #view} (health reports); every change happens under this
 * record's own lock.
 */
public final class CircuitRecord {
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
    /** A copy of the ring's valid entries, republished on each change, for lock-free views. */
    private volatile long[] failSnapshot = new long[0];

    /** A closed circuit. */
    public CircuitRecord() {
    }

    /** See {@link dev.llmrouter.spi.state.CircuitStore#tryAcquire}. */
    public CircuitPermit tryAcquire(TimeSource time, long minLeaseNanos) {
        if (!open) {
            return CircuitPermit.GRANTED;
        }
        long until = openUntil;
        long now = time.nanoTime();
        if (now < until) {
            return CircuitPermit.denied(until - now, CircuitState.OPEN);
        }
        lock.lock();
        try {
            now = time.nanoTime();
            if (!open) {
                return CircuitPermit.GRANTED;
            }
            if (now < openUntil) {
                return CircuitPermit.denied(openUntil - now, CircuitState.OPEN);
            }
            if (probeLease != 0 && now < probeExpiry) {
                return CircuitPermit.denied(probeExpiry - now, CircuitState.HALF_OPEN);
            }
            probeLease = ++leaseSeq;
            probeExpiry = now + Math.max(level, minLeaseNanos);
            boolean first = !halfOpen;
            halfOpen = true;
            return CircuitPermit.probe(probeLease,
                    first ? new CircuitTransition(CircuitState.OPEN, CircuitState.HALF_OPEN, Duration.ZERO) : null);
        } finally {
            lock.unlock();
        }
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
    public CircuitUpdate record(CircuitPermit permit, AttemptResult result, CircuitPolicy policy, TimeSource time) {
        boolean counts = result.countsForCircuit();
        if (!counts && !permit.probe() && !open) {
            return CircuitUpdate.CLOSED;
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
                return now(now, null);
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
            return now(now, to == null ? null : new CircuitTransition(from, to, Duration.ofNanos(cooldown)));
        } finally {
            lock.unlock();
        }
    }

    /** The circuit as it stands at {@code now}, with {@code change}; called under the lock. */
    private CircuitUpdate now(long now, CircuitTransition change) {
        if (!open) {
            return change == null ? CircuitUpdate.CLOSED : new CircuitUpdate(CircuitState.CLOSED, 0, change);
        }
        if (now < openUntil) {
            return new CircuitUpdate(CircuitState.OPEN, openUntil - now, change);
        }
        long lease = probeLease != 0 && now < probeExpiry ? probeExpiry - now : 0;
        return new CircuitUpdate(CircuitState.HALF_OPEN, lease, change);
    }

    /** The circuit now, from volatile reads only (a change racing the read shows on the next one). */
    public CircuitView view(TimeSource time, CircuitPolicy policy) {
        long now = time.nanoTime();
        if (!open) {
            int inWindow = failuresInWindow(failSnapshot, now, nanos(policy.failureWindow()));
            return inWindow == 0 ? CircuitView.CLOSED : new CircuitView(CircuitState.CLOSED, inWindow, null);
        }
        long until = openUntil;
        if (now < until) {
            return new CircuitView(CircuitState.OPEN, 0, time.now().plusNanos(until - now));
        }
        return new CircuitView(CircuitState.HALF_OPEN, 0, null);
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
        failSnapshot = new long[0];
        return until - now;
    }

    private void close() {
        open = false;
        halfOpen = false;
        level = 0;
        failCount = 0;
        failNext = 0;
        failSnapshot = new long[0];
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
        failSnapshot = java.util.Arrays.copyOf(fails, failCount);
        return failCount == n && now - fails[failNext] < nanos(policy.failureWindow());
    }

    private static int failuresInWindow(long[] times, long now, long window) {
        int c = 0;
        for (long t : times) {
            if (now - t < window) {
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
}
