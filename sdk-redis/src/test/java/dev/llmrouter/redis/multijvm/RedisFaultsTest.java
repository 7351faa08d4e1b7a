package dev.llmrouter.redis.multijvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.RateLimitExceededException;
import dev.llmrouter.redis.testing.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of redis-server under load, with AOF {@code everysec} (the seed's setting): what callers
 * see while it is gone, and what state comes back after the restart.
 */
@Tag("requires-redis")
@Tag("slow")
class RedisFaultsTest {
    /** Far above the 200 ms command timeout, far below Jedis's 2 s default socket timeout: a call over it hung on Redis. */
    static final long HANG_MILLIS = 1_500;

    @TempDir
    Path dir;
    RedisServerProcess redis;
    StubLlmServer stub;
    final List<LlmRouter> routers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        redis = RedisServerProcess.start("--appendonly", "yes", "--appendfsync", "everysec");
        stub = StubLlmServer.start();
    }

    @AfterEach
    void stop() {
        routers.forEach(LlmRouter::close);
        stub.close();
        redis.close();
    }

    private LlmRouter router(String onFailure, int rpm) throws Exception {
        Path config = Files.writeString(Files.createTempFile(dir, "router", ".yaml"), """
                providers:
                  stub: {type: openai_compatible, base_url: "%s"}
                models:
                  g:
                    deployments:
                      - {provider: stub, model: m, rpm: %d}
                router_settings:
                  num_retries: 0
                  timeouts: {attempt: 10s, request: 20s, overall: 30s, stream: 20s, stream_idle: 10s}
                rate_limit_settings:
                  enabled: true
                  mode: reject
                redis:
                  url: "%s"
                  command_timeout: 200ms
                  on_failure: %s
                """.formatted(stub.baseUrl(), rpm, redis.url(), onFailure));
        LlmRouter r = LlmRouter.fromYaml(config);
        routers.add(r);
        return r;
    }

    /** The outcome of one call: null when it succeeded, else what it threw. */
    private static Throwable call(LlmRouter router, String tag) {
        return catchThrowable(() -> router.chat(ChatRequest.builder().model("g").user(tag).maxTokens(8).build()));
    }

    /** {@link #call}, failing when it took longer than a hang (the first call of a cold JVM may, so only during outages). */
    private static Throwable callWhileRedisIsDead(LlmRouter router, String tag) {
        long t0 = System.nanoTime();
        Throwable t = call(router, tag);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(millis).as("call %s took %d ms (%s)", tag, millis, t).isLessThan(HANG_MILLIS);
        return t;
    }

    /** Calls until one is refused as over the limit; returns how many got through. */
    private static int admitUntilRefused(LlmRouter router, String tag, int most) {
        for (int i = 0; i < most; i++) {
            Throwable t = call(router, tag + i);
            if (t != null) {
                assertThat(t).isInstanceOf(RateLimitExceededException.class);
                return i;
            }
        }
        throw new AssertionError("no refusal after " + most + " calls");
    }

    @Test
    void onLocalItKeepsServingWhileRedisIsDeadAndPicksTheSharedStateBackUp() throws Exception {
        LlmRouter a = router("local", 40);
        for (int i = 0; i < 6; i++) {
            assertThat(call(a, "old" + i)).isNull();
        }
        Thread.sleep(1_500); // these six are older than the AOF's one-second fsync window
        for (int i = 0; i < 6; i++) {
            assertThat(call(a, "new" + i)).isNull();
        }
        redis.kill9();

        for (int i = 0; i < 10; i++) {
            assertThat(callWhileRedisIsDead(a, "outage" + i)).as("call %d while Redis is dead", i).isNull();
        }
        assertThat(stub.count()).isEqualTo(22);

        redis.restart();
        // a fresh router sees what survived: the six older than a second must have, all twelve normally do
        LlmRouter b = router("local", 40);
        int admitted = admitUntilRefused(b, "b", 41);
        assertThat(admitted).as("admitted after the restart (40 minus what survived)").isBetween(40 - 12, 40 - 6);

        // router a goes back to the shared state: its own local count (at most 22) would still admit,
        // the shared one (full) refuses
        Throwable refusal = null;
        for (int i = 0; i < 100 && refusal == null; i++) {
            refusal = call(a, "back" + i);
            if (refusal == null) {
                Thread.sleep(200);
            }
        }
        assertThat(refusal).as("router a back on the shared limit").isInstanceOf(RateLimitExceededException.class);
    }

    @Test
    void onFailItRejectsClearlyWhileRedisIsDeadAndServesAgainAfterTheRestart() throws Exception {
        LlmRouter a = router("fail", 1000);
        assertThat(call(a, "before")).isNull();
        redis.kill9();

        for (int i = 0; i < 5; i++) {
            Throwable t = callWhileRedisIsDead(a, "outage" + i);
            assertThat(t).isInstanceOf(LlmRouterException.class).isNotInstanceOf(RateLimitExceededException.class);
            assertThat(t.getMessage()).containsIgnoringCase("redis");
        }
        assertThat(stub.count()).as("no provider call without a shared decision").isEqualTo(1);

        redis.restart();
        long restarted = System.nanoTime();
        Throwable last = new AssertionError("never tried");
        for (int i = 0; i < 300 && last != null; i++) {
            last = call(a, "after" + i);
            if (last != null) {
                Thread.sleep(200);
            }
        }
        assertThat(last).as("served again after the restart (tried for %d ms)", (System.nanoTime() - restarted) / 1_000_000).isNull();
    }

    @Test
    void aJvmKilledWhileHoldingTheHalfOpenProbeDoesNotLeaveTheCircuitStuck() throws Exception {
        Path config = Files.writeString(dir.resolve("probe.yaml"), """
                providers:
                  stub: {type: openai_compatible, base_url: "%s"}
                models:
                  g:
                    deployments:
                      - {provider: stub, model: m}
                router_settings:
                  num_retries: 0
                  allowed_fails: 1
                  cooldown_time: 1s
                  timeouts: {attempt: 3s, request: 5s, overall: 10s, stream: 5s, stream_idle: 3s}
                redis:
                  url: "%s"
                  command_timeout: 2s
                """.formatted(stub.baseUrl(), redis.url()));
        try (WorkerJvm holder = WorkerJvm.start("holder", config); WorkerJvm other = WorkerJvm.start("other", config)) {
            holder.await("READY", MultiJvmSharedStateTest.START);
            other.await("READY", MultiJvmSharedStateTest.START);
            stub.failing(true);
            other.send("burst g 1 1 open");
            assertThat(other.awaitBurst(MultiJvmSharedStateTest.BURST)).extracting(WorkerJvm.Done::outcome)
                    .containsExactly("ProviderUnavailableException");
            stub.failing(false);
            stub.clear();
            stub.hold();
            Thread.sleep(1_300); // past the cooldown

            holder.send("burst g 1 1 probe");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (stub.count() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(stub.count()).as("the probe reached the server").isEqualTo(1);
            holder.kill9();
            stub.release();

            // refused while the dead probe's lease lives (at least 30 s: RedisStateStore.MIN_PROBE_LEASE);
            // then one new probe gets through and closes the circuit
            List<String> outcomes = new ArrayList<>();
            String outcome = "";
            long until = System.nanoTime() + Duration.ofSeconds(75).toNanos();
            for (int i = 0; System.nanoTime() < until && !outcome.equals("ok"); i++) {
                other.send("burst g 1 1 retry" + i);
                outcome = other.awaitBurst(MultiJvmSharedStateTest.BURST).get(0).outcome();
                outcomes.add(outcome);
                if (!outcome.equals("ok")) {
                    Thread.sleep(250);
                }
            }
            assertThat(outcome).as("recovered after the lease expiry: %s", outcomes).isEqualTo("ok");
            assertThat(outcomes.subList(0, outcomes.size() - 1)).containsOnly("NoDeploymentAvailableException");
            assertThat(outcomes.size()).as("refused at least once while the lease lived").isGreaterThan(1);
            assertThat(stub.count()).as("the dead probe and the one that closed the circuit").isEqualTo(2);
            other.send("burst g 2 2 closed");
            assertThat(other.awaitBurst(MultiJvmSharedStateTest.BURST)).extracting(WorkerJvm.Done::outcome)
                    .containsOnly("ok").hasSize(4);
        }
    }
}
