package dev.llmrouter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.TimeSource;
import dev.llmrouter.api.FailureKind;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.config.RedisSettings;
import dev.llmrouter.redis.testing.Eventually;
import dev.llmrouter.redis.testing.RedisServerProcess;
import dev.llmrouter.redis.testing.ReplyHoldingProxy;
import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.AdmissionControl;
import dev.llmrouter.spi.state.AdmissionRequest;
import dev.llmrouter.spi.state.AttemptResult;
import dev.llmrouter.spi.state.CircuitPolicy;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spi.state.Settlement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/**
 * Settles kept off the caller's path ({@link DeferredSettles}) on a real redis-server: what is
 * deferred and what is not, that the next command carries them in front of itself (exact tpm
 * reconciliation and lease release as seen by the next admit), that a settle is never applied twice
 * (also when a timed-out pipeline reaches Redis after all) nor lost (Redis killed and restarted with
 * its AOF), in both {@code on_redis_failure} modes.
 */
@Tag("requires-redis")
@Tag("integration")
class DeferredSettlesTest {
    private static final String DEP = "g/gpu/m#0";
    private static final CircuitPolicy POLICY = CircuitPolicy.builder().allowedFails(1).failureWindow(Duration.ofSeconds(60))
            .cooldown(Duration.ofMillis(300)).cooldownMultiplier(2.0).maxCooldown(Duration.ofSeconds(5)).build();
    private final AtomicInteger ids = new AtomicInteger();
    private final RedisKeys keys = new RedisKeys("d:");
    private RedisServerProcess redis;
    private RedisClient client;
    private RedisAdmissionControl control;

    private void start(int commandTimeoutMs, String... redisArgs) {
        start(commandTimeoutMs, DeferredSettles.LINGER, redisArgs);
    }

    /** As above, with how long a queued settle waits for a command to carry it before the background thread sends it. */
    private void start(int commandTimeoutMs, long lingerNanos, String... redisArgs) {
        redis = RedisServerProcess.start(redisArgs);
        client = RedisClient.builder().hostAndPort("127.0.0.1", redis.port())
                .clientConfig(DefaultJedisClientConfig.builder().resp2().socketTimeoutMillis(commandTimeoutMs)
                        .connectionTimeoutMillis(commandTimeoutMs).build()).build();
        control = new RedisAdmissionControl(client, keys, Map.of(DEP, "gpu"), Duration.ofSeconds(30), Duration.ofMillis(200),
                true, lingerNanos);
    }

    @AfterEach
    void stop() {
        if (redis != null && redis.running()) {
            redis.resume(); // a test that failed while Redis was frozen
        }
        if (control != null) {
            control.close();
        }
        client.close();
        redis.close();
    }

    private AdmissionRequest request(RateLimit dep, int providerCap, long tokens) {
        return AdmissionRequest.builder("a" + ids.incrementAndGet(), DEP, "gpu", "g").deploymentLimit(dep)
                .providerMaxParallel(providerCap).reservedTokens(tokens).circuit(POLICY).build();
    }

    /** The attempt records in Redis: one per granted admission not yet settled there (tombstones of forgotten admits aside). */
    private long attemptRecords() {
        return Long.parseLong(redis.command("EVAL", "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do"
                + " if redis.call('GET', k) ~= 'forgotten' then n = n + 1 end end return n", "0", "d:*:att:*").substring(1));
    }

    private String usage(String field) {
        return redis.command("HGET", keys.usage("gpu", DEP), field);
    }

    /** The store as the router wraps it: Redis first, local state or refusal while Redis is away. */
    private FallbackAdmissionControl guarded(RedisSettings.OnFailure onFailure) {
        return guarded(control, client, onFailure);
    }

    private static FallbackAdmissionControl guarded(RedisAdmissionControl store, RedisClient over,
                                                    RedisSettings.OnFailure onFailure) {
        return new FallbackAdmissionControl(store, AdmissionControl.local(TimeSource.system()), onFailure, "test", null,
                () -> over.getPool().clear());
    }

    /** A client of Redis through {@code proxy} that gives up on a reply after 300 ms. */
    private static RedisClient through(ReplyHoldingProxy proxy) {
        return RedisClient.builder().hostAndPort("127.0.0.1", proxy.port()).clientConfig(DefaultJedisClientConfig.builder()
                .resp2().socketTimeoutMillis(300).connectionTimeoutMillis(300).build()).build();
    }

    @Test
    void aSuccessIsQueuedAndTheNextAdmitCarriesItSoTheTokensAndTheSlotAreBackForIt() throws Exception {
        start(2000);
        RateLimit tpm = new RateLimit(null, 1000);
        Admission a = control.admit(request(tpm, 1, 800), 0);
        assertThat(a.granted()).isTrue();

        Settlement s = control.settle(a, AttemptResult.SUCCESS, 100);

        assertThat(s.applied()).isTrue();
        assertThat(s.circuitState()).isEqualTo(CircuitState.CLOSED);
        assertThat(s.transition()).isNull();
        assertThat(control.settle(a, AttemptResult.SUCCESS, 100)).as("a second settle while queued").isSameAs(Settlement.IGNORED);
        // 300 more tokens fit only once 700 of the 800 reserved are refunded, the one slot only once it is released
        Admission b = control.admit(request(tpm, 1, 300), 0);
        assertThat(b.granted()).isTrue();
        assertThat(control.usage(DEP)).isEqualTo(new RedisAdmissionControl.Usage(2, 400, 1));
        assertThat(control.settle(a, AttemptResult.SUCCESS, 100)).as("a third settle, after it reached Redis")
                .isSameAs(Settlement.IGNORED);
        assertThat(usage("requests")).isEqualTo("1");
        assertThat(usage("tokens")).isEqualTo("100");
    }

    @Test
    void anUnderEstimateQueuedIsChargedBeforeTheNextAdmitIsDecided() throws Exception {
        start(2000);
        RateLimit tpm = new RateLimit(null, 1000);
        Admission a = control.admit(request(tpm, 0, 100), 0);
        control.settle(a, AttemptResult.SUCCESS, 950);

        Admission b = control.admit(request(tpm, 0, 100), 0);

        assertThat(b.denial()).isEqualTo(Admission.Denial.DEPLOYMENT_TPM);
        assertThat(control.usage(DEP).tokensInWindow()).isEqualTo(950);
    }

    @Test
    void aCountedFailureAndAProbeSettleAtOnceAndAnswerTheirTransitions() throws Exception {
        start(2000);
        Admission a = control.admit(request(RateLimit.NONE, 0, 10), 0);
        Settlement opened = control.settle(a, AttemptResult.failed(FailureKind.SERVER_ERROR, null), 0);
        assertThat(opened.transition().to()).isEqualTo(CircuitState.OPEN);
        assertThat(attemptRecords()).isZero();
        assertThat(control.circuit(DEP, POLICY).state()).isEqualTo(CircuitState.OPEN);

        Admission probe = awaitProbe();
        Settlement closed = control.settle(probe, AttemptResult.SUCCESS, 1);
        assertThat(closed.transition().to()).isEqualTo(CircuitState.CLOSED);
        assertThat(closed.headroom()).isEqualTo(1.0);
        assertThat(attemptRecords()).as("settled before the answer, not queued").isZero();
    }

    /** Admits until Redis's own clock ends the 300 ms cooldown and grants the probe. */
    private Admission awaitProbe() throws InterruptedException {
        Admission[] last = new Admission[1];
        Eventually.await(Duration.ofSeconds(10), "a probe after a 300 ms cooldown",
                () -> (last[0] = control.admit(request(RateLimit.NONE, 0, 10), 0)).granted());
        assertThat(last[0].probe()).isTrue();
        return last[0];
    }

    @Test
    void anIdleRouterSendsItsQueuedSettleByItselfAndCloseSendsTheRest() throws Exception {
        start(2000);
        Admission a = control.admit(request(RateLimit.NONE, 1, 10), 0);
        control.settle(a, AttemptResult.SUCCESS, 5);
        await(() -> attemptRecords() == 0, "the background thread sent the settle");
        assertThat(usage("requests")).isEqualTo("1");

        Admission b = control.admit(request(RateLimit.NONE, 1, 10), 0);
        control.settle(b, AttemptResult.failed(FailureKind.CANCELLED, null), -1);
        control.close();
        assertThat(attemptRecords()).isZero();
        assertThat(usage("requests")).isEqualTo("2");
        assertThat(control.settle(control.admit(request(RateLimit.NONE, 1, 10), 0), AttemptResult.SUCCESS, 1).applied())
                .as("after close a settle runs at once").isTrue();
        assertThat(attemptRecords()).isZero();
    }

    /**
     * The settle rides on a read that times out while Redis is frozen (SIGSTOP), after the background
     * thread, finding the queue empty at the end of its linger, went back to waiting for a first
     * settle: it must be woken to send the settle again. Redis may also run the timed-out pipeline
     * when it resumes; either way the settle counts once.
     */
    @Test
    void aSettleWhosePipelineTimedOutIsSentAgainWhenRedisResumesAndCountsOnce() throws Exception {
        start(1000, TimeUnit.MILLISECONDS.toNanos(200));
        FallbackAdmissionControl guarded = new FallbackAdmissionControl(control, AdmissionControl.local(TimeSource.system()),
                RedisSettings.OnFailure.LOCAL, "test", null, () -> { });
        RateLimit tpm = new RateLimit(null, 1000);
        Admission a = guarded.admit(request(tpm, 1, 800), 0);
        assertThat(a.granted()).isTrue();
        redis.pause();

        assertThat(guarded.settle(a, AttemptResult.SUCCESS, 100).applied()).isTrue();
        // the read carries the settle, waits the 1 s command timeout, and answers from local state
        assertThat(guarded.headroom(DEP, tpm)).isEqualTo(1.0);
        assertThat(guarded.description()).as("on local state").contains("unreachable since");
        redis.resume();

        await(() -> control.queuedSettles() == 0 && attemptRecords() == 0, "the settle reached Redis and left the queue");
        assertThat(usage("requests")).as("settled once").isEqualTo("1");
        assertThat(usage("tokens")).isEqualTo("100");
        // reconciled once: 800 reserved, 700 refunded; a second refund would leave none
        assertThat(control.usage(DEP)).isEqualTo(new RedisAdmissionControl.Usage(1, 100, 0));
    }

    /**
     * Redis killed with a settle queued; the next admit carries it and fails; Redis restarts on the
     * same port with its AOF. The background thread waits an hour for a command to carry a new
     * settle, so only a retry of the failed send (not the linger) can bring this one to Redis.
     */
    @Test
    void aSettleQueuedWhileRedisIsDeadIsSentWhenItIsBackAndAdmitsAreRefusedMeanwhileInFailMode() throws Exception {
        start(200, TimeUnit.HOURS.toNanos(1), "--appendonly", "yes", "--appendfsync", "always");
        FallbackAdmissionControl guarded = guarded(RedisSettings.OnFailure.FAIL);
        Admission a = guarded.admit(request(new RateLimit(null, 1000), 0, 800), 0);
        assertThat(a.granted()).isTrue();
        redis.kill9();

        assertThat(guarded.settle(a, AttemptResult.SUCCESS, 100).applied()).isTrue();
        assertThatThrownBy(() -> guarded.admit(request(RateLimit.NONE, 0, 1), 0)).isInstanceOf(RedisUnavailableException.class);
        redis.restart();

        await(() -> attemptRecords() == 0 && control.queuedSettles() == 0, "the queued settle reached the restarted Redis");
        assertThat(usage("requests")).isEqualTo("1");
        assertThat(usage("tokens")).isEqualTo("100");
        assertThat(control.usage(DEP).tokensInWindow()).isEqualTo(100);
    }

    /**
     * A counted failure settles at once while Redis answers; when Redis is dead it is queued like a
     * deferred settle, so once Redis is back the concurrency slot comes back and the failure opens
     * the circuit, instead of the slot staying taken until the lease expires.
     */
    @Test
    void aCountedFailureReachedWhileRedisIsDeadIsAppliedOnceWhenItIsBack() throws Exception {
        start(200, "--appendonly", "yes", "--appendfsync", "always");
        FallbackAdmissionControl guarded = guarded(RedisSettings.OnFailure.LOCAL);
        Admission a = guarded.admit(request(RateLimit.NONE, 1, 10), 0);
        assertThat(a.granted()).isTrue();
        redis.kill9();

        Settlement s = guarded.settle(a, AttemptResult.failed(FailureKind.SERVER_ERROR, null), 0);

        assertThat(s.applied()).as("kept for Redis").isTrue();
        assertThat(guarded.settle(a, AttemptResult.failed(FailureKind.SERVER_ERROR, null), 0)).isSameAs(Settlement.IGNORED);
        redis.restart();
        await(() -> attemptRecords() == 0 && control.queuedSettles() == 0, "the failure reached the restarted Redis");
        assertThat(usage("failures")).as("counted once").isEqualTo("1");
        assertThat(control.circuit(DEP, POLICY).state()).as("opened by the failure").isNotEqualTo(CircuitState.CLOSED);
        assertThat(control.inFlight(DEP)).isZero();
    }

    /**
     * An admit that Redis runs but whose reply comes after the command timeout (held back by a proxy,
     * as by a slow network or an overloaded host) is served on local state; Redis's grant (a
     * concurrency slot, an rpm and tpm reservation) has nobody to settle it. The forget queued after
     * the timeout undoes it, so the slot and the tokens are free again at once, not after the lease.
     */
    @Test
    void anAdmitWhoseReplyCameTooLateHoldsNoSlotAndNoReservation() throws Exception {
        start(2000);
        try (ReplyHoldingProxy proxy = new ReplyHoldingProxy(redis.port());
             RedisClient slow = through(proxy)) {
            RedisAdmissionControl late = new RedisAdmissionControl(slow, keys, Map.of(DEP, "gpu"), Duration.ofSeconds(30),
                    Duration.ofMillis(200), true);
            FallbackAdmissionControl guarded = guarded(late, slow, RedisSettings.OnFailure.LOCAL);
            RateLimit limits = new RateLimit(10, 1000);
            // the admit must reach Redis and run: a pooled connection (its handshake done) and the script
            // in Redis's cache, as after any earlier call
            assertThat(late.usage(DEP)).isEqualTo(new RedisAdmissionControl.Usage(0, 0, 0));
            redis.command("SCRIPT", "LOAD", new RedisScripts().admit.text());
            proxy.hold(true);

            Admission a = guarded.admit(request(limits, 1, 800), 0);

            assertThat(a.granted()).as("served on local state").isTrue();
            guarded.settle(a, AttemptResult.SUCCESS, 100);
            proxy.hold(false);
            await(() -> late.queuedSettles() == 0 && attemptRecords() == 0, "the forget reached Redis");
            assertThat(control.usage(DEP)).as("nothing reserved, nothing in flight").isEqualTo(new RedisAdmissionControl.Usage(0, 0, 0));
            assertThat(redis.command("ZCARD", keys.providerLeases("gpu"))).isEqualTo(":0");
            assertThat(attemptRecords()).isZero();
            assertThat(control.admit(request(limits, 1, 1000), 0).granted()).as("the one slot and all 1000 tokens free").isTrue();
            late.close();
        }
    }

    /**
     * The same on Redis Cluster's layout, where a group limit is a reservation of its own before the
     * admit (here on one standalone server, built with the group outside the admit script): a group
     * reservation whose reply came too late is given back.
     */
    @Test
    void aGroupReservationWhoseReplyCameTooLateIsGivenBack() throws Exception {
        start(2000);
        try (ReplyHoldingProxy proxy = new ReplyHoldingProxy(redis.port());
             RedisClient slow = through(proxy)) {
            RedisAdmissionControl late = new RedisAdmissionControl(slow, keys, Map.of(DEP, "gpu"), Duration.ofSeconds(30),
                    Duration.ofMillis(200), false);
            FallbackAdmissionControl guarded = guarded(late, slow, RedisSettings.OnFailure.LOCAL);
            AdmissionRequest r = AdmissionRequest.builder("g" + ids.incrementAndGet(), DEP, "gpu", "g")
                    .groupLimit(new RateLimit(10, 1000)).reservedTokens(800).circuit(POLICY).build();
            assertThat(late.usage(DEP)).isEqualTo(new RedisAdmissionControl.Usage(0, 0, 0));
            redis.command("SCRIPT", "LOAD", new RedisScripts().group.text());
            proxy.hold(true);

            assertThat(guarded.admit(r, 0).granted()).as("served on local state").isTrue();

            proxy.hold(false);
            await(() -> late.queuedSettles() == 0 && tombstones("d:{g:g}:att:*") == 1, "the forget reached Redis");
            assertThat(client.hmget(keys.groupWindow("g"), "R", "T")).as("nothing reserved").containsExactly("0", "0");
            late.close();
        }
    }

    /**
     * An admit that never reached Redis (Redis frozen; the client gave up and closed the connection)
     * is forgotten all the same: the forget leaves a tombstone, so a copy of that admit arriving later
     * (a Cluster retry, a queued request) grants nothing.
     */
    @Test
    void anAdmitForgottenBeforeItRanGrantsNothingWhenItArrivesLater() throws Exception {
        start(500);
        FallbackAdmissionControl guarded = guarded(RedisSettings.OnFailure.LOCAL);
        AdmissionRequest r = request(new RateLimit(10, 1000), 1, 800);
        assertThat(control.usage(DEP)).isEqualTo(new RedisAdmissionControl.Usage(0, 0, 0));
        redis.pause();
        assertThat(guarded.admit(r, 0).granted()).as("served on local state").isTrue();
        redis.resume();
        await(() -> control.queuedSettles() == 0 && tombstones() == 1, "the forget reached Redis");

        Admission late = control.admit(r, 0);

        assertThat(late.granted()).isFalse();
        assertThat(control.usage(DEP)).isEqualTo(new RedisAdmissionControl.Usage(0, 0, 0));
    }

    /**
     * The queue is bounded: with Redis dead and 4,096 settles waiting, one more is not kept (it says
     * so: not applied, and a WARN); the ones kept all land once Redis is back.
     */
    @Test
    void aFullQueueDropsTheNextSettleVisiblyWhileRedisIsAwayAndKeepsTheRest() throws Exception {
        start(500, TimeUnit.HOURS.toNanos(1), "--appendonly", "yes", "--appendfsync", "always");
        FallbackAdmissionControl guarded = guarded(RedisSettings.OnFailure.LOCAL);
        java.util.List<Admission> admitted = new java.util.ArrayList<>();
        for (int i = 0; i <= DeferredSettles.CAPACITY; i++) {
            admitted.add(guarded.admit(request(RateLimit.NONE, 0, 1), 0));
        }
        redis.kill9();
        for (int i = 0; i < DeferredSettles.CAPACITY; i++) {
            assertThat(guarded.settle(admitted.get(i), AttemptResult.SUCCESS, 1).applied()).isTrue();
        }

        Settlement dropped = guarded.settle(admitted.get(DeferredSettles.CAPACITY), AttemptResult.SUCCESS, 1);

        assertThat(dropped).isSameAs(Settlement.IGNORED);
        assertThat(control.queuedSettles()).isEqualTo(DeferredSettles.CAPACITY);
        redis.restart();
        control.flush(); // the ones waiting for the hour-long linger; the background thread sends the rest
        await(() -> Integer.toString(DeferredSettles.CAPACITY).equals(usage("requests")), "every kept settle landed");
        assertThat(control.queuedSettles()).isZero();
        assertThat(attemptRecords()).as("the dropped one's record, left to expire").isEqualTo(1);
    }

    private long tombstones() {
        return tombstones("d:*:att:*");
    }

    private long tombstones(String pattern) {
        return Long.parseLong(redis.command("EVAL", "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do"
                + " if redis.call('GET', k) == 'forgotten' then n = n + 1 end end return n", "0", pattern).substring(1));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Eventually.await(Duration.ofSeconds(20), what, condition::getAsBoolean);
    }
}
