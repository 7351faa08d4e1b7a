package dev.llmrouter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.FailureKind;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.redis.testing.RedisServerProcess;
import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.AdmissionRequest;
import dev.llmrouter.spi.state.AttemptResult;
import dev.llmrouter.spi.state.CircuitPolicy;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spi.state.CircuitTransition;
import dev.llmrouter.spi.state.Settlement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/** The admit, settle and view scripts on a real redis-server: every branch, and bad keys. */
@Tag("requires-redis")
@Tag("integration")
class RedisAdmissionControlTest {
    private static final String DEP = "g/gpu/m#0";
    private static final CircuitPolicy POLICY = CircuitPolicy.builder().allowedFails(2)
            .failureWindow(Duration.ofSeconds(60)).cooldown(Duration.ofMillis(300)).cooldownMultiplier(2.0)
            .maxCooldown(Duration.ofSeconds(5)).build();
    private static RedisServerProcess redis;
    private static RedisClient client;
    private final AtomicInteger ids = new AtomicInteger();
    private RedisAdmissionControl control;
    private final RedisKeys keys = new RedisKeys("t:");

    @BeforeAll
    static void start() {
        redis = RedisServerProcess.start();
        client = RedisClient.create("127.0.0.1", redis.port());
    }

    @AfterAll
    static void stop() {
        client.close();
        redis.close();
    }

    @BeforeEach
    void fresh() {
        client.flushAll();
        control = newControl();
    }

    private RedisAdmissionControl newControl() {
        return new RedisAdmissionControl(client, keys, Map.of(DEP, "gpu"), Duration.ofSeconds(30), Duration.ofMillis(200),
                true);
    }

    private AdmissionRequest request(RateLimit dep, RateLimit group, int providerCap, long tokens) {
        return AdmissionRequest.builder("a" + ids.incrementAndGet(), DEP, "gpu", "g").deploymentLimit(dep).groupLimit(group)
                .providerMaxParallel(providerCap).reservedTokens(tokens).circuit(POLICY).build();
    }

    private AdmissionRequest plain() {
        return request(RateLimit.NONE, RateLimit.NONE, 0, 10);
    }

    @Test
    void rpmAdmitsExactlyTheLimitThenDeniesWithRetryAfter() throws Exception {
        RateLimit rpm3 = new RateLimit(3, null);
        for (int i = 0; i < 3; i++) {
            assertThat(control.admit(request(rpm3, RateLimit.NONE, 0, 10), 0).granted()).isTrue();
        }
        Admission denied = control.admit(request(rpm3, RateLimit.NONE, 0, 10), 0);
        assertThat(denied.granted()).isFalse();
        assertThat(denied.denial()).isEqualTo(Admission.Denial.DEPLOYMENT_RPM);
        assertThat(denied.retryAfter()).isGreaterThan(Duration.ofSeconds(58)).isLessThanOrEqualTo(Duration.ofSeconds(60));
        assertThat(denied.headroom()).isEqualTo(0.0);
        assertThat(control.headroom(DEP, rpm3)).isEqualTo(0.0);
    }

    /** The current one-second bucket by Redis's clock. */
    private static long bucketNow() {
        return Long.parseLong(redis.cli("TIME").lines().findFirst().orElseThrow().trim());
    }

    @Test
    void bucketsThatLeftTheWindowAreSubtractedFromTheRunningSumsOnce() throws Exception {
        String win = keys.deploymentWindow("gpu", DEP);
        long b = bucketNow();
        long old = b - 70;
        // two summed buckets: one that left the window 10 s ago (3 requests), one current (1 request)
        client.hset(win, Map.of(Long.toString(old % 61), old + ":3:30:" + old * 1_000_000,
                Long.toString(b % 61), b + ":1:10:" + b * 1_000_000, "H", Long.toString(old), "R", "4", "T", "40"));
        RateLimit rpm2 = new RateLimit(2, null);

        assertThat(control.admit(request(rpm2, RateLimit.NONE, 0, 10), 0).granted()).isTrue();
        assertThat(control.admit(request(rpm2, RateLimit.NONE, 0, 10), 0).denial()).isEqualTo(Admission.Denial.DEPLOYMENT_RPM);
        assertThat(client.hget(win, "R")).isEqualTo("2");
        assertThat(Long.parseLong(client.hget(win, "H"))).isGreaterThan(old);
    }

    @Test
    void aWindowWithoutRunningSumsIsScannedOnceAndGetsThem() throws Exception {
        String win = keys.deploymentWindow("gpu", DEP);
        long b = bucketNow();
        // the layout before running sums: buckets only
        client.hset(win, Map.of(Long.toString((b - 1) % 61), (b - 1) + ":2:20:" + (b - 1) * 1_000_000,
                Long.toString((b - 80) % 61), (b - 80) + ":5:50:" + (b - 80) * 1_000_000));
        RateLimit rpm3 = new RateLimit(3, null);

        assertThat(control.admit(request(rpm3, RateLimit.NONE, 0, 10), 0).granted()).isTrue();
        assertThat(control.admit(request(rpm3, RateLimit.NONE, 0, 10), 0).denial()).isEqualTo(Admission.Denial.DEPLOYMENT_RPM);
        assertThat(client.hmget(win, "R", "T")).containsExactly("3", "30");
    }

    @Test
    void tpmReservesTheUpperBoundAndSettleRefundsTheRest() throws Exception {
        RateLimit tpm = new RateLimit(null, 1000);
        Admission a = control.admit(request(tpm, RateLimit.NONE, 0, 800), 0);
        assertThat(a.granted()).isTrue();
        assertThat(a.headroom()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
        Admission denied = control.admit(request(tpm, RateLimit.NONE, 0, 300), 0);
        assertThat(denied.denial()).isEqualTo(Admission.Denial.DEPLOYMENT_TPM);

        Settlement s = control.settle(a, AttemptResult.SUCCESS, 100);

        // deferred: applied, with no figure of its own; the next command carries it in front of itself
        assertThat(s.applied()).isTrue();
        assertThat(s.headroom()).isNaN();
        assertThat(control.headroom(DEP, tpm)).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(control.usage(DEP).tokensInWindow()).isEqualTo(100);
        assertThat(control.admit(request(tpm, RateLimit.NONE, 0, 300), 0).granted()).isTrue();
        assertThat(control.usage(DEP).tokensInWindow()).isEqualTo(400);
    }

    @Test
    void anUnderEstimateIsChargedAtSettleAndUnknownUsageKeepsTheReservation() throws Exception {
        RateLimit tpm = new RateLimit(null, 1000);
        Admission a = control.admit(request(tpm, RateLimit.NONE, 0, 100), 0);
        control.settle(a, AttemptResult.SUCCESS, 250);
        assertThat(control.usage(DEP).tokensInWindow()).isEqualTo(250);
        Admission b = control.admit(request(tpm, RateLimit.NONE, 0, 100), 0);
        control.settle(b, AttemptResult.failed(FailureKind.CANCELLED, null), -1);
        assertThat(control.usage(DEP).tokensInWindow()).isEqualTo(350);
        assertThat(client.hget(keys.usage("gpu", DEP), "requests")).isEqualTo("2");
        assertThat(client.hget(keys.usage("gpu", DEP), "tokens")).isEqualTo("250");
    }

    @Test
    void aGroupLimitDenialReservesNothingOnTheDeployment() throws Exception {
        RateLimit dep = new RateLimit(10, null);
        RateLimit group = new RateLimit(1, null);
        assertThat(control.admit(request(dep, group, 0, 1), 0).granted()).isTrue();
        Admission denied = control.admit(request(dep, group, 0, 1), 0);
        assertThat(denied.denial()).isEqualTo(Admission.Denial.GROUP_RPM);
        assertThat(control.usage(DEP).requestsInWindow()).isEqualTo(1);
    }

    @Test
    void onClusterTheGroupLimitIsItsOwnRoundTripAndIsGivenBackWhenTheDeploymentSaysNo() throws Exception {
        RedisAdmissionControl cluster = new RedisAdmissionControl(client, keys, Map.of(DEP, "gpu"), Duration.ofSeconds(30),
                Duration.ofMillis(200), false);
        RateLimit group = new RateLimit(2, 1000);
        Admission a = cluster.admit(request(RateLimit.NONE, group, 1, 600), 0);
        assertThat(a.granted()).isTrue();
        // the provider's single slot is taken: the group's reservation is given back
        Admission busy = cluster.admit(request(RateLimit.NONE, group, 1, 100), 0);
        assertThat(busy.denial()).isEqualTo(Admission.Denial.CONCURRENCY);
        Admission overTokens = cluster.admit(request(RateLimit.NONE, group, 0, 500), 0);
        assertThat(overTokens.denial()).isEqualTo(Admission.Denial.GROUP_TPM);
        assertThat(redis.cli("HVALS", keys.groupWindow("g"))).matches("(?s)\\d+:1:600:\\d+\\s.*");
        assertThat(redis.cli("HMGET", keys.groupWindow("g"), "R", "T")).isEqualTo("1\n600\n");

        cluster.settle(a, AttemptResult.SUCCESS, 50);
        cluster.flush();

        assertThat(redis.cli("HVALS", keys.groupWindow("g"))).matches("(?s)\\d+:1:50:\\d+\\s.*");
        assertThat(redis.cli("HMGET", keys.groupWindow("g"), "R", "T")).isEqualTo("1\n50\n");
        assertThat(client.exists(keys.groupAttempt("g", "x"))).isFalse();
        assertThat(client.keys("t:{g:g}:att:*")).isEmpty();
        assertThat(cluster.admit(request(RateLimit.NONE, group, 0, 500), 0).granted()).isTrue();
        assertThat(cluster.admit(request(RateLimit.NONE, group, 0, 1), 0).denial()).isEqualTo(Admission.Denial.GROUP_RPM);
    }

    @Test
    void admitIsIdempotentOnTheAttemptId() throws Exception {
        AdmissionRequest r = request(new RateLimit(5, null), RateLimit.NONE, 1, 10);
        Admission first = control.admit(r, 0);
        Admission again = control.admit(r, 0);
        assertThat(first.granted()).isTrue();
        assertThat(again.granted()).isTrue();
        assertThat(control.usage(DEP).requestsInWindow()).isEqualTo(1);
        assertThat(control.inFlight(DEP)).isEqualTo(1);
    }

    @Test
    void settleIsExactlyOnce() throws Exception {
        Admission a = control.admit(request(RateLimit.NONE, RateLimit.NONE, 1, 10), 0);
        control.settle(a, AttemptResult.failed(FailureKind.SERVER_ERROR, null), 0);
        control.settle(a, AttemptResult.failed(FailureKind.SERVER_ERROR, null), 0);
        assertThat(control.circuit(DEP, POLICY).failuresInWindow()).isEqualTo(1);
        assertThat(client.hget(keys.usage("gpu", DEP), "requests")).isEqualTo("1");
    }

    @Test
    void providerCapDeniesConcurrencyAndReleaseFreesTheSlot() throws Exception {
        Admission a = control.admit(request(RateLimit.NONE, RateLimit.NONE, 1, 10), 0);
        Admission denied = control.admit(request(RateLimit.NONE, RateLimit.NONE, 1, 10), 0);
        assertThat(denied.denial()).isEqualTo(Admission.Denial.CONCURRENCY);
        assertThat(control.inFlight(DEP)).isEqualTo(1);
        control.settle(a, AttemptResult.SUCCESS, 5);
        assertThat(control.inFlight(DEP)).isZero();
        assertThat(control.admit(request(RateLimit.NONE, RateLimit.NONE, 1, 10), 0).granted()).isTrue();
    }

    @Test
    void aWaitingAdmitGetsTheSlotWhenItIsReleased() throws Exception {
        Admission a = control.admit(request(RateLimit.NONE, RateLimit.NONE, 1, 10), 0);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Admission> waiting = pool.submit(() -> control.admit(request(RateLimit.NONE, RateLimit.NONE, 1, 10),
                    Duration.ofSeconds(20).toNanos()));
            Thread.sleep(50);
            control.settle(a, AttemptResult.SUCCESS, 5);
            assertThat(waiting.get().granted()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExpiredLeaseOfADeadJvmIsSweptOnTheNextAcquire() throws Exception {
        // a lease that expired long ago, as a killed JVM leaves it
        client.zadd(keys.providerLeases("gpu"), 1, "dead-jvm:r1-1");
        assertThat(control.admit(request(RateLimit.NONE, RateLimit.NONE, 1, 10), 0).granted()).isTrue();
        assertThat(client.zscore(keys.providerLeases("gpu"), "dead-jvm:r1-1")).isNull();
    }

    @Test
    void circuitOpensAtAllowedFailsAndEveryRouterSeesIt() throws Exception {
        RedisAdmissionControl other = newControl();
        for (int i = 0; i < 2; i++) {
            Admission a = control.admit(plain(), 0);
            control.settle(a, AttemptResult.failed(FailureKind.SERVER_ERROR, null), 0);
        }
        assertThat(control.circuit(DEP, POLICY).state()).isEqualTo(CircuitState.OPEN);
        Admission denied = other.admit(plain(), 0);
        assertThat(denied.denial()).isEqualTo(Admission.Denial.CIRCUIT_OPEN);
        assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(300));
        assertThat(other.circuit(DEP, POLICY).state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void afterTheCooldownExactlyOneProbeIsLetThroughAndItsSuccessCloses() throws Exception {
        RedisAdmissionControl c = new RedisAdmissionControl(client, keys, Map.of(DEP, "gpu"), Duration.ofSeconds(30),
                Duration.ofSeconds(5), true);
        Admission first = c.admit(plain(), 0);
        assertThat(c.settle(first, AttemptResult.failed(FailureKind.SERVER_ERROR, null), 0).transition()).isNull();
        Admission second = c.admit(plain(), 0);
        Settlement opened = c.settle(second, AttemptResult.failed(FailureKind.SERVER_ERROR, null), 0);
        assertThat(opened.transition()).isEqualTo(new CircuitTransition(CircuitState.CLOSED, CircuitState.OPEN,
                Duration.ofMillis(300)));
        assertThat(opened.circuitState()).isEqualTo(CircuitState.OPEN);
        assertThat(opened.circuitRetryAfter()).isEqualTo(Duration.ofMillis(300));
        awaitHalfOpen(c);
        Admission probe = c.admit(plain(), 0);
        assertThat(probe.granted()).isTrue();
        assertThat(probe.probe()).isTrue();
        assertThat(probe.transition()).isEqualTo(new CircuitTransition(CircuitState.OPEN, CircuitState.HALF_OPEN,
                Duration.ZERO));
        Admission denied = c.admit(plain(), 0);
        assertThat(denied.denial()).isEqualTo(Admission.Denial.CIRCUIT_OPEN);
        assertThat(denied.circuitState()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(denied.transition()).isNull();

        Settlement closed = c.settle(probe, AttemptResult.SUCCESS, 1);

        assertThat(closed.transition()).isEqualTo(new CircuitTransition(CircuitState.HALF_OPEN, CircuitState.CLOSED,
                Duration.ZERO));
        assertThat(c.circuit(DEP, POLICY)).isEqualTo(dev.llmrouter.spi.state.CircuitView.CLOSED);
        assertThat(c.settle(probe, AttemptResult.SUCCESS, 1)).isSameAs(Settlement.IGNORED);
    }

    @Test
    void exactlyOneProbeAcross32RacingThreadsOfTwoRouters() throws Exception {
        // the race, not the machine: a connection per thread, a command timeout no load reaches, and
        // a probe lease longer than the test, so a second probe can only come from a lost race
        ConnectionPoolConfig connections = new ConnectionPoolConfig();
        connections.setMaxTotal(40);
        connections.setMaxIdle(40);
        try (RedisClient patient = RedisClient.builder().hostAndPort("127.0.0.1", redis.port()).poolConfig(connections)
                .clientConfig(DefaultJedisClientConfig.builder().resp2().socketTimeoutMillis(30_000)
                        .connectionTimeoutMillis(30_000).build()).build()) {
            RedisAdmissionControl one = new RedisAdmissionControl(patient, keys, Map.of(DEP, "gpu"), Duration.ofSeconds(30),
                    Duration.ofMinutes(5), true);
            RedisAdmissionControl other = new RedisAdmissionControl(patient, keys, Map.of(DEP, "gpu"), Duration.ofSeconds(30),
                    Duration.ofMinutes(5), true);
            open(one);
            awaitHalfOpen(one);
            assertThat(racingProbes(one, other)).isEqualTo(1);
        }
    }

    /** 32 threads, half on each control, admit at once: how many were granted (each must be the probe). */
    private int racingProbes(RedisAdmissionControl control, RedisAdmissionControl other) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Admission>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 32; i++) {
                RedisAdmissionControl c = i % 2 == 0 ? control : other;
                answers.add(pool.submit(() -> {
                    go.await();
                    return c.admit(plain(), 0);
                }));
            }
            go.countDown();
            int probes = 0;
            for (Future<Admission> f : answers) {
                Admission a = f.get();
                if (a.granted()) {
                    assertThat(a.probe()).isTrue();
                    probes++;
                }
            }
            return probes;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedProbeReopensWithAGrownCooldownAndAStaleProbeCannotClose() throws Exception {
        open(control);
        awaitHalfOpen(control);
        Admission probe = control.admit(plain(), 0);
        assertThat(probe.probe()).isTrue();
        // its lease (200 ms minimum, the 300 ms cooldown here) runs out: another attempt becomes the probe
        Thread.sleep(450);
        Admission second = control.admit(plain(), 0);
        assertThat(second.probe()).isTrue();

        control.settle(probe, AttemptResult.SUCCESS, 1);
        assertThat(control.circuit(DEP, POLICY).state()).isEqualTo(CircuitState.HALF_OPEN);

        control.settle(second, AttemptResult.failed(FailureKind.SERVER_ERROR, null), 0);
        var view = control.circuit(DEP, POLICY);
        assertThat(view.state()).isEqualTo(CircuitState.OPEN);
        assertThat(client.hget(keys.circuit("gpu", DEP), "lv")).isEqualTo("600000");
    }

    @Test
    void aRateLimitedFailureOpensAtOnceForTheServersHint() throws Exception {
        Admission a = control.admit(plain(), 0);
        control.settle(a, AttemptResult.failed(FailureKind.RATE_LIMITED, Duration.ofSeconds(2)), 0);
        var view = control.circuit(DEP, POLICY);
        assertThat(view.state()).isEqualTo(CircuitState.OPEN);
        long ou = Long.parseLong(client.hget(keys.circuit("gpu", DEP), "ou"));
        long lv = Long.parseLong(client.hget(keys.circuit("gpu", DEP), "lv"));
        assertThat(lv).isEqualTo(300_000);
        assertThat(client.pttl(keys.circuit("gpu", DEP))).isPositive();
        assertThat(ou).isPositive();
        assertThat(control.admit(plain(), 0).retryAfter()).isGreaterThan(Duration.ofMillis(1500));
    }

    @Test
    void everyKeyWrittenHasAnExpiry() throws Exception {
        Admission a = control.admit(request(new RateLimit(5, 100), new RateLimit(5, 100), 2, 10), 0);
        control.settle(a, AttemptResult.failed(FailureKind.SERVER_ERROR, null), 7);
        control.admit(request(new RateLimit(5, 100), new RateLimit(5, 100), 2, 10), 0);
        var all = client.keys("t:*");
        assertThat(all).hasSizeGreaterThanOrEqualTo(6);
        for (String k : all) {
            assertThat(client.pttl(k)).as("ttl of " + k).isPositive();
        }
    }

    @Test
    void aKeyOfTheWrongTypeIsAClearErrorAndNothingIsWritten() {
        client.set(keys.deploymentWindow("gpu", DEP), "oops");
        assertThatThrownBy(() -> control.admit(request(new RateLimit(5, null), RateLimit.NONE, 1, 10), 0))
                .isInstanceOf(RedisStateException.class)
                .hasMessageContaining(keys.deploymentWindow("gpu", DEP))
                .hasMessageContaining("WRONGTYPE");
        assertThat(client.exists(keys.providerLeases("gpu"))).isFalse();
        assertThat(client.exists(keys.deploymentLeases("gpu", DEP))).isFalse();
    }

    @Test
    void deploymentLeasesOfTheWrongTypeFailTheAdmitBeforeAnythingIsWrittenAlsoWithoutADeploymentCap() {
        client.set(keys.deploymentLeases("gpu", DEP), "oops");
        assertThatThrownBy(() -> control.admit(request(new RateLimit(5, 100), RateLimit.NONE, 1, 10), 0))
                .isInstanceOf(RedisStateException.class)
                .hasMessageContaining(keys.deploymentLeases("gpu", DEP))
                .hasMessageContaining("WRONGTYPE");
        assertThat(client.exists(keys.deploymentWindow("gpu", DEP))).isFalse();
        assertThat(client.exists(keys.providerLeases("gpu"))).isFalse();
        assertThat(client.keys("t:*:att:*")).isEmpty();
    }

    @Test
    void deploymentLeasesOfTheWrongTypeFailTheSettleBeforeAnythingIsWritten() throws Exception {
        Admission a = control.admit(request(new RateLimit(5, 1000), RateLimit.NONE, 1, 500), 0);
        client.del(keys.deploymentLeases("gpu", DEP));
        client.set(keys.deploymentLeases("gpu", DEP), "oops");
        assertThatThrownBy(() -> control.settle(a, AttemptResult.failed(FailureKind.SERVER_ERROR, null), 10))
                .isInstanceOf(RedisStateException.class)
                .hasMessageContaining(keys.deploymentLeases("gpu", DEP))
                .hasMessageContaining("WRONGTYPE");
        assertThat(client.keys("t:*:att:*")).as("the attempt is still to be settled").hasSize(1);
        assertThat(client.zcard(keys.providerLeases("gpu"))).as("its provider lease still held").isEqualTo(1);
        assertThat(client.exists(keys.usage("gpu", DEP))).isFalse();
        assertThat(client.hget(keys.deploymentWindow("gpu", DEP), "T")).as("not reconciled").isEqualTo("500");
    }

    @Test
    void aCorruptedWindowBucketIsAClearErrorNotACountedZero() {
        client.hset(keys.deploymentWindow("gpu", DEP), "3", "garbage");
        assertThatThrownBy(() -> control.admit(request(new RateLimit(5, null), RateLimit.NONE, 0, 10), 0))
                .isInstanceOf(RedisStateException.class)
                .hasMessageContaining("is not a window bucket");
        assertThat(client.hget(keys.deploymentWindow("gpu", DEP), "3")).isEqualTo("garbage");
    }

    @Test
    void aCorruptedCircuitIsAClearError() {
        client.hset(keys.circuit("gpu", DEP), "st", "x");
        assertThatThrownBy(() -> control.admit(plain(), 0))
                .isInstanceOf(RedisStateException.class)
                .hasMessageContaining("unknown circuit state");
    }

    @Test
    void scriptsAreReloadedAfterTheScriptCacheIsFlushed() throws Exception {
        assertThat(control.admit(plain(), 0).granted()).isTrue();
        client.scriptFlush();
        assertThat(control.admit(plain(), 0).granted()).isTrue();
        assertThat(redis.cli("INFO", "commandstats")).contains("cmdstat_eval:");
    }

    private void open(RedisAdmissionControl c) throws Exception {
        for (int i = 0; i < 2; i++) {
            Admission a = c.admit(plain(), 0);
            c.settle(a, AttemptResult.failed(FailureKind.SERVER_ERROR, null), 0);
        }
        assertThat(c.circuit(DEP, POLICY).state()).isEqualTo(CircuitState.OPEN);
    }

    private static void awaitHalfOpen(RedisAdmissionControl c) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (c.circuit(DEP, POLICY).state() != CircuitState.HALF_OPEN) {
            assertThat(System.nanoTime()).as("circuit half-open within 10 s").isLessThan(end);
            Thread.sleep(20);
        }
    }
}
