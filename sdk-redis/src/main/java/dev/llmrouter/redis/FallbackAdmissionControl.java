package dev.llmrouter.redis;

import dev.failsafe.CircuitBreaker;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.config.RedisSettings;
import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.AdmissionControl;
import dev.llmrouter.spi.state.AdmissionRequest;
import dev.llmrouter.spi.state.AttemptResult;
import dev.llmrouter.spi.state.CircuitPolicy;
import dev.llmrouter.spi.state.CircuitView;
import dev.llmrouter.spi.state.Settlement;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards the Redis admission control with a Failsafe circuit breaker: while Redis answers, every
 * decision is shared; when it cannot be reached or answers later than the command timeout
 * ({@link RedisStateException#unreachable()}), {@code on_redis_failure: local} serves on a local
 * admission control (warning once per outage) and {@code fail} throws {@link RedisUnavailableException}.
 * After three such failures in a row the breaker opens: no request even tries Redis for one second;
 * then one trial call decides whether shared state is back (so a dead Redis costs one command
 * timeout per second, not one per request). State recorded locally during an outage is not copied to Redis.
 *
 * <p>Other Redis errors (a key of the wrong type, an ACL denial, a reply of an unexpected shape) are
 * not outages: they surface as {@link RedisStateException} whatever the mode, so a misconfigured or
 * corrupted store is seen at once rather than hidden behind local state.
 *
 * <p>Each granted admission is settled on the store that granted it. A settle that cannot change a
 * circuit is deferred by the Redis store (see {@link RedisAdmissionControl#settle}) whatever the
 * breaker says; a counted failure or a probe's result settles at once while Redis answers, and is
 * queued the same way when Redis is away (the breaker open, or the settle itself unreachable). Queued
 * settles are kept and sent again until Redis takes them, exactly once, so an outage loses none of
 * them: the lease comes back, the reservation is reconciled and the circuit result counted once
 * Redis is back (without a circuit event in this JVM: the result lands later). Only a full queue
 * (4096 settles) drops one, with a WARN; its lease and attempt record expire by themselves. Closing
 * sends the queued settles, then closes the Redis client when this instance owns it. Thread-safe.
 */
public final class FallbackAdmissionControl implements AdmissionControl {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackAdmissionControl.class);
    /** How long the breaker stays open before one trial call to Redis. */
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private final RedisAdmissionControl redis;
    private final AdmissionControl local;
    private final RedisSettings.OnFailure mode;
    private final String where;
    private final AutoCloseable owned;
    private final Runnable dropIdleConnections;
    private final CircuitBreaker<Object> breaker;
    private final Set<Admission> grantedLocally = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean outage = new AtomicBoolean();
    /** True once a full queue dropped a settle during this outage (warned once per outage). */
    private final AtomicBoolean droppedWarned = new AtomicBoolean();
    private volatile Instant outageSince;

    /**
     * @param redis the shared admission control
     * @param local the admission control used while Redis is away ({@code local} mode)
     * @param mode what callers see while Redis is away
     * @param where a description of the Redis endpoint, without secrets
     * @param owned closed with this instance (the Redis client), or null
     * @param dropIdleConnections run after a connection failure: drops pooled connections that a
     *        restarted server has closed, so the next trial does not fail on a stale one
     */
    public FallbackAdmissionControl(RedisAdmissionControl redis, AdmissionControl local, RedisSettings.OnFailure mode,
                                    String where, AutoCloseable owned, Runnable dropIdleConnections) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.local = Objects.requireNonNull(local, "local");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.where = Objects.requireNonNull(where, "where");
        this.owned = owned;
        this.dropIdleConnections = Objects.requireNonNull(dropIdleConnections, "dropIdleConnections");
        this.breaker = CircuitBreaker.builder()
                .withFailureThreshold(3)
                .withSuccessThreshold(1)
                .withDelay(RETRY_DELAY)
                .onOpen(e -> opened())
                .onClose(e -> closed())
                .build();
    }

    @Override
    public Admission admit(AdmissionRequest request, long maxWaitNanos) throws InterruptedException {
        RedisStateException cause = null;
        if (breaker.tryAcquirePermit()) {
            try {
                Admission a = redis.admit(request, maxWaitNanos);
                succeeded();
                return a;
            } catch (RedisStateException e) {
                failed(e);
                cause = e;
            }
        }
        Admission a = unavailable(cause).admit(request, maxWaitNanos);
        if (a.granted()) {
            grantedLocally.add(a);
        }
        return a;
    }

    @Override
    public Settlement settle(Admission admission, AttemptResult result, long actualTokens) {
        if (grantedLocally.remove(admission)) {
            return local.settle(admission, result, actualTokens);
        }
        // queued without a round trip, and kept to be sent again while Redis is away: no breaker involved
        Settlement later = redis.settleLater(admission, result, actualTokens);
        if (later != null) {
            return later;
        }
        if (!breaker.tryAcquirePermit()) {
            return whenBack(admission, result, actualTokens);
        }
        try {
            Settlement s = redis.settleNow(admission, result, actualTokens);
            succeeded();
            return s;
        } catch (RedisStateException e) {
            if (!e.unreachable()) {
                succeeded();
                throw e;
            }
            breaker.recordFailure();
            // it may have run (a timeout): sent again, it finds the attempt settled and changes nothing
            return whenBack(admission, result, actualTokens);
        }
    }

    /** Queues a settle Redis cannot take now; when the queue is full it is dropped (its lease expires). */
    private Settlement whenBack(Admission admission, AttemptResult result, long actualTokens) {
        Settlement s = redis.settleWhenBack(admission, result, actualTokens);
        if (s != null) {
            return s;
        }
        if (droppedWarned.compareAndSet(false, true)) {
            LOG.warn("Redis ({}) is away and {} settles are queued for it already: a settle of {} is dropped, its lease"
                    + " and reservation expire by themselves", where, redis.queuedSettles(),
                    admission.request().deploymentId());
        }
        return Settlement.IGNORED;
    }

    @Override
    public CircuitView circuit(String deploymentId, CircuitPolicy policy) {
        return read(() -> redis.circuit(deploymentId, policy), () -> local.circuit(deploymentId, policy));
    }

    @Override
    public int inFlight(String deploymentId) {
        return read(() -> redis.inFlight(deploymentId), () -> local.inFlight(deploymentId));
    }

    @Override
    public double headroom(String deploymentId, RateLimit limit) {
        return read(() -> redis.headroom(deploymentId, limit), () -> local.headroom(deploymentId, limit));
    }

    /** The Redis endpoint, and whether the router is on local state because Redis is away. */
    @Override
    public String description() {
        Instant since = outageSince;
        if (since == null) {
            return where + " (shared)";
        }
        return where + " (unreachable since " + since + ": "
                + (mode == RedisSettings.OnFailure.LOCAL ? "serving on local state" : "rejecting requests") + ")";
    }

    /** True while Redis is considered away (the breaker is not closed). */
    public boolean onLocalState() {
        return !breaker.isClosed();
    }

    /** The shared admission control (for usage figures). */
    public RedisAdmissionControl redis() {
        return redis;
    }

    @Override
    public void close() {
        redis.close();
        local.close();
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                LOG.debug("closing the Redis client failed", e);
            }
        }
    }

    private <T> T read(Supplier<T> shared, Supplier<T> fallback) {
        if (breaker.tryAcquirePermit()) {
            try {
                T t = shared.get();
                succeeded();
                return t;
            } catch (RedisStateException e) {
                failed(e);
            }
        }
        // reads (selection, health) answer from local state in both modes; only admissions are refused
        return fallback.get();
    }

    private void succeeded() {
        breaker.recordSuccess();
        if (outage.get() && breaker.isClosed()) {
            closed();
        }
    }

    private void failed(RedisStateException e) {
        if (!e.unreachable()) {
            succeeded();
            throw e;
        }
        breaker.recordFailure();
        try {
            dropIdleConnections.run();
        } catch (RuntimeException ignored) {
            // best effort: a stale connection left in the pool fails one more trial at most
        }
        if (outage.compareAndSet(false, true)) {
            outageSince = Instant.now();
            LOG.warn("Redis ({}) is unreachable or slower than the command timeout: {}; {}", where, e.getMessage(),
                    mode == RedisSettings.OnFailure.LOCAL ? "serving on local state (circuits and limits of this JVM"
                            + " only) until it is back" : "rejecting requests until it is back (on_redis_failure: fail)");
        }
    }

    private AdmissionControl unavailable(RedisStateException cause) {
        if (mode == RedisSettings.OnFailure.FAIL) {
            throw new RedisUnavailableException("shared state on Redis (" + where + ") is unavailable, so the attempt"
                    + " was refused (on_redis_failure: fail); Redis is tried again after a short delay", cause);
        }
        return local;
    }

    private void opened() {
        if (outage.compareAndSet(false, true)) {
            outageSince = Instant.now();
            LOG.warn("Redis ({}) is unavailable; {}", where, mode == RedisSettings.OnFailure.LOCAL
                    ? "serving on local state until it is back" : "rejecting requests until it is back");
        }
    }

    private void closed() {
        if (outage.compareAndSet(true, false)) {
            outageSince = null;
            droppedWarned.set(false);
            LOG.info("Redis ({}) is back: circuits, limits and leases are shared again", where);
        }
    }
}
