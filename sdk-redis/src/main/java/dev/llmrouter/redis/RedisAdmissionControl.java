package dev.llmrouter.redis;

import dev.llmrouter.config.RateLimit;
import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.AdmissionControl;
import dev.llmrouter.spi.state.AdmissionRequest;
import dev.llmrouter.spi.state.AttemptResult;
import dev.llmrouter.spi.state.CircuitPolicy;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spi.state.CircuitTransition;
import dev.llmrouter.spi.state.Settlement;
import dev.llmrouter.spi.state.CircuitView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.UnifiedJedis;

/**
 * The {@link AdmissionControl} on Redis (DESIGN section 6): one EVALSHA per admit (circuit permit or
 * the single half-open probe held as an expiring lease, exact sliding-window rpm/tpm on the
 * deployment and its group, concurrency leases swept of expired ones; all or nothing, idempotent on
 * the attempt id) and one per settle (circuit result, only the probe's lease may close or re-open;
 * tpm reconcile; lease release; usage counters). Time is Redis {@code TIME}, so every JVM agrees.
 * A settle that cannot change a circuit is deferred: it travels in one pipeline with the next
 * command, so a busy router makes about one round trip per attempt ({@link #settle}). An admit that
 * fails for want of Redis queues a forget the same way, so that a grant Redis made all the same
 * (its reply came too late) does not hold a lease nobody will settle.
 *
 * <p>Keys and arguments of each call are built by {@link ScriptCalls}. A missing concurrency
 * slot is waited for by asking again with a growing, jittered backoff (no FIFO across JVMs: nothing
 * is held while waiting). Group limits join the deployment's script, except on Redis Cluster (a
 * group spans providers, so its key lives in another slot), where they cost one more round trip
 * before the admit and one after the settle, only for a group that has a limit.
 *
 * <p>Every Redis failure surfaces as a {@link RedisStateException} naming the command and, for a
 * bad key, the key; nothing is written by a script that fails its checks. Falling back to local state
 * is the job of {@link FallbackAdmissionControl}. Thread-safe; does not close the client.
 */
public final class RedisAdmissionControl implements AdmissionControl {
    private static final String[] STATES = {"CLOSED", "OPEN", "HALF_OPEN"};

    private final ScriptCalls calls;
    private final Map<String, String> providerOf;
    private final Map<String, String> learned = new ConcurrentHashMap<>();
    private final DeferredSettles deferred;
    /** The answer of a deferred settle: applied (queued, sent before any later command), circuit unchanged. */
    private static final Settlement DEFERRED = Settlement.builder(CircuitState.CLOSED).build();

    /**
     * @param jedis the client (standalone, Sentinel or Cluster); not closed by this class
     * @param keys the key layout
     * @param providerOf deployment id to provider name, for reads before any admit (health)
     * @param leaseTtl how long a concurrency lease and a granted attempt record live when never
     *        settled (a JVM died): longer than any attempt
     * @param minProbeLease the shortest half-open probe lease
     * @param groupInScript true to reserve group limits in the same script (standalone, Sentinel)
     */
    public RedisAdmissionControl(UnifiedJedis jedis, RedisKeys keys, Map<String, String> providerOf, Duration leaseTtl,
                                 Duration minProbeLease, boolean groupInScript) {
        this(jedis, keys, providerOf, leaseTtl, minProbeLease, groupInScript, DeferredSettles.LINGER);
    }

    /** As above, with how long a deferred settle waits for a command to carry it (tests make it long). */
    RedisAdmissionControl(UnifiedJedis jedis, RedisKeys keys, Map<String, String> providerOf, Duration leaseTtl,
                          Duration minProbeLease, boolean groupInScript, long lingerNanos) {
        Objects.requireNonNull(jedis, "jedis");
        this.calls = new ScriptCalls(Objects.requireNonNull(keys, "keys"), leaseTtl, minProbeLease, groupInScript);
        this.providerOf = Map.copyOf(providerOf);
        this.deferred = new DeferredSettles(jedis, TimeUnit.MICROSECONDS.toNanos(calls.leaseTtlUs()), lingerNanos);
    }

    @Override
    public Admission admit(AdmissionRequest request, long maxWaitNanos) throws InterruptedException {
        learned.putIfAbsent(request.deploymentId(), request.provider());
        long deadline = System.nanoTime() + Math.max(0, maxWaitNanos);
        long backoff = TimeUnit.MILLISECONDS.toNanos(2);
        while (true) {
            Admission a = admitOnce(request);
            long left = deadline - System.nanoTime();
            if (a.granted() || a.denial() != Admission.Denial.CONCURRENCY || left <= 0) {
                return a;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for a concurrency slot");
            }
            long pause = Math.min(left, backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
            LockSupport.parkNanos(pause);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for a concurrency slot");
            }
            backoff = Math.min(backoff * 2, TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private Admission admitOnce(AdmissionRequest r) {
        boolean separateGroup = calls.separateGroup(r);
        if (separateGroup) {
            List<Long> g;
            try {
                g = group("reserve", r, r.reservedTokens());
            } catch (RedisStateException e) {
                if (e.unreachable()) {
                    forgetGroup(r);
                }
                throw e;
            }
            if (g.get(0) == 0) {
                return Admission.builder(r).denial(g.get(1) == 4 ? Admission.Denial.GROUP_RPM : Admission.Denial.GROUP_TPM,
                        Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(g.get(2)))).build();
            }
        }
        Admission a;
        try {
            a = admitDeployment(r);
        } catch (RuntimeException e) {
            if (separateGroup) {
                if (e instanceof RedisStateException s && s.unreachable()) {
                    forgetGroup(r); // Redis is away: a cancel now would fail too
                } else {
                    group("cancel", r, 0);
                }
            }
            throw e;
        }
        if (separateGroup && !a.granted()) {
            group("cancel", r, 0);
        }
        return a;
    }

    /**
     * The group's own window on Redis Cluster, where it lives in another slot: a second round trip
     * before the deployment's admit (and a third to give it back when the deployment says no), one
     * more after settle.
     */
    private List<Long> group(String op, AdmissionRequest r, long tokens) {
        return RedisReplies.longs(call(calls.group(op, r, tokens)), "group", 3);
    }

    private Admission admitDeployment(AdmissionRequest r) {
        List<Long> reply;
        try {
            reply = RedisReplies.longs(call(calls.admit(r)), "admit", 14);
        } catch (RedisStateException e) {
            if (e.unreachable()) {
                forget(r);
            }
            throw e;
        }
        CircuitState state = state(reply.get(7));
        CircuitTransition change = reply.get(10) == 1
                ? new CircuitTransition(CircuitState.OPEN, CircuitState.HALF_OPEN, Duration.ZERO) : null;
        Admission.Builder answer = Admission.builder(r).circuit(state, change);
        if (reply.get(0) == 1) {
            return answer.probe(reply.get(1) == 1).headroom(headroom(r.deploymentLimit(), reply.get(12), reply.get(13)))
                    .build();
        }
        Admission.Denial denial = switch (reply.get(1).intValue()) {
            case 1 -> Admission.Denial.CIRCUIT_OPEN;
            case 2 -> Admission.Denial.DEPLOYMENT_RPM;
            case 3 -> Admission.Denial.DEPLOYMENT_TPM;
            case 4 -> Admission.Denial.GROUP_RPM;
            case 5 -> Admission.Denial.GROUP_TPM;
            case 6 -> Admission.Denial.CONCURRENCY;
            default -> throw new RedisStateException("the admit script answered an unknown denial " + reply.get(1), null);
        };
        answer.denial(denial, Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(reply.get(2))));
        if (denial != Admission.Denial.CIRCUIT_OPEN) {
            // the circuit said yes, so the script read the deployment's window
            answer.headroom(headroom(r.deploymentLimit(), reply.get(12), reply.get(13)));
        }
        return answer.build();
    }

    /**
     * An admit that failed for want of Redis may have run all the same (a timeout: Redis runs what it
     * was sent once it catches up), and nobody would ever settle that grant: the caller goes on
     * without it. A forget is queued like a deferred settle: it undoes such a grant, or, when it
     * arrives first, leaves a tombstone that makes the late admit grant nothing. Without it the lease
     * would hold a concurrency slot for the whole lease time.
     */
    private void forget(AdmissionRequest r) {
        deferred.deferAfterFailure(Admission.builder(r).build(), List.of(calls.forget(r)));
    }

    /** The same for the group's own reservation on Cluster (see {@link #forget}). */
    private void forgetGroup(AdmissionRequest r) {
        deferred.deferAfterFailure(Admission.builder(r).build(), List.of(calls.group("forget", r, 0)));
    }

    /**
     * Settles {@code admission}. A settle that cannot change the circuit (not a probe, a result the
     * circuit does not count: a success, a cancellation) is deferred: queued and sent in front of the
     * next command this JVM sends, or by a background thread within about a millisecond when none
     * comes (see {@link DeferredSettles}); it answers at once, applied, with the circuit as the admit
     * left it and no headroom figure. Other settles (a probe's result, a counted failure, or any
     * settle while the queue is full) run now, after the queued ones, and answer what Redis did.
     */
    @Override
    public Settlement settle(Admission admission, AttemptResult result, long actualTokens) {
        Settlement later = settleLater(admission, result, actualTokens);
        return later != null ? later : settleNow(admission, result, actualTokens);
    }

    /**
     * Queues the settle when it cannot change the circuit and the queue has room; null otherwise
     * (then call {@link #settleNow}). Sends nothing to Redis.
     */
    Settlement settleLater(Admission admission, AttemptResult result, long actualTokens) {
        Objects.requireNonNull(result, "result");
        if (!admission.granted() || deferred.deferred(admission)) {
            return Settlement.IGNORED;
        }
        if (admission.probe() || result.countsForCircuit()) {
            return null;
        }
        return deferred.defer(admission, calls.settle(admission.request(), result, actualTokens, false)) ? DEFERRED : null;
    }

    /**
     * Queues the settle whatever it is (a probe's result, a counted failure too), to be sent when
     * Redis takes it: for Redis being away, so that the lease, the reservation and the circuit result
     * reach it once it is back rather than never. Answers like a deferred settle (the circuit as the
     * admit left it); null when the queue is full or closed. Sends nothing to Redis.
     */
    Settlement settleWhenBack(Admission admission, AttemptResult result, long actualTokens) {
        Objects.requireNonNull(result, "result");
        if (!admission.granted() || deferred.deferred(admission)) {
            return Settlement.IGNORED;
        }
        return deferred.deferAfterFailure(admission, calls.settle(admission.request(), result, actualTokens, false)) ? DEFERRED : null;
    }

    /** Settles queued and not yet sent (for tests and health). */
    int queuedSettles() {
        return deferred.queued();
    }

    /** Settles now (after every queued settle), answering what Redis did. */
    Settlement settleNow(Admission admission, AttemptResult result, long actualTokens) {
        Objects.requireNonNull(result, "result");
        if (!admission.granted() || deferred.deferred(admission)) {
            return Settlement.IGNORED;
        }
        AdmissionRequest r = admission.request();
        List<DeferredSettles.Command> commands = calls.settle(admission.request(), result, actualTokens, true);
        List<Long> reply = RedisReplies.longs(call(commands.get(0)), "settle", 9);
        if (commands.size() > 1) {
            RedisReplies.longs(call(commands.get(1)), "group", 3);
        }
        if (reply.get(0) == 0) {
            return Settlement.IGNORED;
        }
        CircuitTransition change = reply.get(5) < 0 ? null : new CircuitTransition(state(reply.get(4)), state(reply.get(5)),
                Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(reply.get(6))));
        return Settlement.builder(state(reply.get(1)))
                .circuitRetryAfter(Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(reply.get(2))))
                .transition(change).headroom(headroom(r.deploymentLimit(), reply.get(7), reply.get(8))).build();
    }

    /** Sends every deferred settle now (for tests and orderly shutdown); a failure to reach Redis is thrown. */
    void flush() {
        deferred.flush();
    }

    @Override
    public CircuitView circuit(String deploymentId, CircuitPolicy policy) {
        List<Long> v = view(deploymentId, policy);
        if (v == null) {
            return CircuitView.CLOSED;
        }
        CircuitState s = state(v.get(0));
        if (s == CircuitState.OPEN) {
            return new CircuitView(s, 0, Instant.now().plusNanos(TimeUnit.MICROSECONDS.toNanos(v.get(1))));
        }
        return v.get(2) == 0 && s == CircuitState.CLOSED ? CircuitView.CLOSED : new CircuitView(s, v.get(2).intValue(), null);
    }

    @Override
    public int inFlight(String deploymentId) {
        List<Long> v = view(deploymentId, null);
        return v == null ? 0 : v.get(3).intValue();
    }

    @Override
    public double headroom(String deploymentId, RateLimit limit) {
        RateLimit l = limit == null ? RateLimit.NONE : limit;
        if (!ScriptCalls.limited(l)) {
            return 1.0;
        }
        List<Long> v = view(deploymentId, null);
        return v == null ? 1.0 : headroom(l, v.get(4), v.get(5));
    }

    private static double headroom(RateLimit l, long usedRequests, long usedTokens) {
        return Math.min(share(usedRequests, l.rpm()), share(usedTokens, l.tpm()));
    }

    /**
     * The deployment's usage figures now, from Redis: requests and tokens in the current window,
     * leases in flight. Null for a deployment whose provider is unknown.
     */
    public Usage usage(String deploymentId) {
        List<Long> v = view(deploymentId, null);
        return v == null ? null : new Usage(v.get(4), v.get(5), v.get(3).intValue());
    }

    /**
     * Requests and tokens admitted in the sliding window and leases in flight, for health.
     *
     * @param requestsInWindow requests admitted in the last minute
     * @param tokensInWindow tokens reserved (reconciled) in the last minute
     * @param inFlight concurrency leases held now
     */
    public record Usage(long requestsInWindow, long tokensInWindow, int inFlight) {
    }

    /**
     * Sends the deferred settles (best effort, bounded by the command timeout) and stops their
     * background thread. The client itself is owned by whoever created it and stays open.
     */
    @Override
    public void close() {
        deferred.close();
    }

    private List<Long> view(String deploymentId, CircuitPolicy policy) {
        String p = providerOf.get(deploymentId);
        if (p == null) {
            p = learned.get(deploymentId);
        }
        if (p == null) {
            return null;
        }
        return RedisReplies.longs(call(calls.view(p, deploymentId, policy)), "view", 6);
    }

    /** Runs one script, carrying the deferred settles in front of it. */
    private Object call(DeferredSettles.Command c) {
        try {
            return deferred.run(c);
        } catch (RuntimeException e) {
            throw RedisStateException.of("EVALSHA of the " + c.script().name() + " script", e);
        }
    }

    private static CircuitState state(long code) {
        return CircuitState.valueOf(STATES[(int) code]);
    }

    private static double share(long used, Integer limit) {
        if (limit == null) {
            return 1.0;
        }
        if (limit <= 0) {
            return 0.0;
        }
        return Math.max(0.0, Math.min(1.0, 1.0 - (double) used / limit));
    }
}
