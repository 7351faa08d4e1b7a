package dev.llmrouter.redis.multijvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.redis.testing.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Four separate JVMs (started by the test with its class path) share one redis-server and call one
 * stub server, which logs every arrival: that log is the merged record of what all routers
 * admitted.
 */
@Tag("requires-redis")
@Tag("slow")
class MultiJvmSharedStateTest {
    static final int JVMS = 4;
    static final Duration START = Duration.ofSeconds(90);
    static final Duration BURST = Duration.ofSeconds(60);

    static RedisServerProcess redis;
    /** The server behind group {@code rpm}. */
    static StubLlmServer rpmServer;
    /** The server behind group {@code probe}. */
    static StubLlmServer probeServer;
    static Path dir;
    static final List<WorkerJvm> workers = new ArrayList<>();

    /** One set of four JVMs for both tests (starting a JVM is the slow part); each test has its own group and server. */
    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.start();
        rpmServer = StubLlmServer.start();
        probeServer = StubLlmServer.start();
        dir = Files.createTempDirectory("multijvm");
        Path config = Files.writeString(dir.resolve("router.yaml"), """
                providers:
                  limited: {type: openai_compatible, base_url: "%s"}
                  flaky: {type: openai_compatible, base_url: "%s"}
                models:
                  rpm:
                    deployments:
                      - {provider: limited, model: m, rpm: 30}
                  probe:
                    deployments:
                      - {provider: flaky, model: m}
                router_settings:
                  num_retries: 0
                  allowed_fails: 1
                  cooldown_time: 2s
                  timeouts: {attempt: 20s, request: 30s, overall: 40s, stream: 20s, stream_idle: 10s}
                rate_limit_settings:
                  enabled: true
                  mode: reject
                redis:
                  url: "%s"
                  command_timeout: 2s
                """.formatted(rpmServer.baseUrl(), probeServer.baseUrl(), redis.url()));
        for (int i = 0; i < JVMS; i++) {
            workers.add(WorkerJvm.start("jvm" + i, config));
        }
        for (WorkerJvm w : workers) {
            w.await("READY", START);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (WorkerJvm w : workers) {
            w.close();
        }
        rpmServer.close();
        probeServer.close();
        redis.close();
        Files.deleteIfExists(dir.resolve("router.yaml"));
        Files.deleteIfExists(dir);
    }

    /** The most arrivals inside any 60-second window of the log (each window starts at an arrival). */
    static int busiestMinute(List<StubLlmServer.Arrival> arrivals) {
        List<Long> t = arrivals.stream().map(StubLlmServer.Arrival::epochMillis).sorted().toList();
        int most = 0;
        for (int i = 0, j = 0; i < t.size(); i++) {
            while (t.get(i) - t.get(j) >= 60_000) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        return most;
    }

    /**
     * 4 JVMs x 4 threads x 20 calls (320) race for an rpm of 30 on one deployment. The whole run
     * lasts a few seconds, inside one minute, so every 60-second window that matters holds all of
     * it: exactly 30 may get through (never more: the limit holds across JVMs; never fewer: the
     * limit is used, not starved), and every other call is refused as over the limit.
     */
    @Test
    void fourJvmsShareOneExactRpmLimit() throws Exception {
        StubLlmServer stub = rpmServer;
        for (WorkerJvm w : workers) {
            w.send("burst rpm 4 20 rpm");
        }
        List<WorkerJvm.Done> done = new ArrayList<>();
        for (WorkerJvm w : workers) {
            done.addAll(w.awaitBurst(BURST));
        }
        List<StubLlmServer.Arrival> arrivals = stub.arrivals();
        long span = arrivals.isEmpty() ? 0
                : arrivals.get(arrivals.size() - 1).epochMillis() - arrivals.get(0).epochMillis();

        assertThat(span).as("the admitted calls must all fall inside one minute for the count to be exact").isLessThan(60_000);
        Map<String, Long> outcomes = done.stream().collect(Collectors.groupingBy(WorkerJvm.Done::outcome, Collectors.counting()));
        assertThat(outcomes).containsExactlyInAnyOrderEntriesOf(Map.of("ok", 30L, "RateLimitExceededException", 290L));
        assertThat(arrivals).hasSize(30);
        assertThat(busiestMinute(arrivals)).isEqualTo(30);
        // each admitted call is the one the stub saw
        assertThat(done.stream().filter(d -> d.outcome().equals("ok")).map(WorkerJvm.Done::tag))
                .containsExactlyInAnyOrderElementsOf(arrivals.stream().map(StubLlmServer.Arrival::tag).toList());
    }

    /**
     * A circuit opened by one failure: after the 2 s cooldown, 4 JVMs x 4 threads call at once.
     * Exactly one call (the half-open probe) reaches the server, which holds it until the other 15
     * have been refused; then it succeeds, the circuit closes, and every JVM gets through again
     * (after at most a short local pause) without a second probe.
     */
    @Test
    void fourJvmsLetExactlyOneHalfOpenProbeThrough() throws Exception {
        StubLlmServer stub = probeServer;
        stub.failing(true);
        workers.get(0).send("burst probe 1 1 open");
        assertThat(workers.get(0).awaitBurst(BURST)).extracting(WorkerJvm.Done::outcome).containsExactly("ProviderUnavailableException");
        stub.failing(false);
        stub.clear();
        stub.hold();
        Thread.sleep(2_300); // the cooldown (2 s) must pass before the circuit turns half-open

        for (WorkerJvm w : workers) {
            w.send("burst probe 4 1 probe");
        }
        // 15 calls are refused while the probe waits at the server
        List<WorkerJvm.Done> refused = new ArrayList<>();
        long deadline = System.nanoTime() + BURST.toNanos();
        while (refused.size() < 15 && System.nanoTime() < deadline) {
            for (WorkerJvm w : workers) {
                // each worker's lines come in order; poll briefly so a worker holding the probe does not block the others
                WorkerJvm.Done d = w.pollDone(Duration.ofMillis(50));
                if (d != null) {
                    refused.add(d);
                }
            }
        }
        assertThat(refused).hasSize(15).allSatisfy(d -> assertThat(d.outcome()).isEqualTo("NoDeploymentAvailableException"));
        assertThat(stub.count()).isEqualTo(1);

        stub.release();
        List<WorkerJvm.Done> rest = new ArrayList<>();
        for (WorkerJvm w : workers) {
            rest.addAll(w.awaitBurst(BURST));
        }
        assertThat(rest).extracting(WorkerJvm.Done::outcome).containsExactly("ok");
        assertThat(rest.get(0).tag()).isEqualTo(stub.arrivals().get(0).tag());

        // closed again, for every JVM: a JVM refused while the probe ran asks Redis again after a
        // short local pause (the router's HALF_OPEN_RECHECK), and is then let through
        for (WorkerJvm w : workers) {
            List<String> outcomes = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String outcome = "";
            for (int i = 0; !outcome.equals("ok") && System.nanoTime() < until; i++) {
                w.send("burst probe 1 1 after" + i);
                outcome = w.awaitBurst(BURST).get(0).outcome();
                outcomes.add(outcome);
                if (!outcome.equals("ok")) {
                    Thread.sleep(200);
                }
            }
            assertThat(outcomes).as(w.name()).endsWith("ok");
            assertThat(outcomes.subList(0, outcomes.size() - 1)).as(w.name())
                    .allSatisfy(o -> assertThat(o).isEqualTo("NoDeploymentAvailableException"));
        }
        assertThat(stub.count()).as("the probe, then one call per JVM").isEqualTo(1 + JVMS);
    }
}
