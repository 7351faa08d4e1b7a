package dev.llmrouter.redis.multijvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.redis.RedisAdmissionControl;
import dev.llmrouter.redis.RedisKeys;
import dev.llmrouter.redis.testing.Eventually;
import dev.llmrouter.redis.testing.RedisServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * Commands per attempt, counted by Redis itself: exactly one before an attempt (the admit, one
 * round trip) and one settle after it, with rpm, tpm, a group limit and a concurrency cap all
 * configured. A settle that cannot change the circuit (a success) is deferred: it is sent in the
 * same round trip as the next command (the next admit), or by a background thread about a
 * millisecond later when no command comes; so it is counted per attempt here, and it always reaches
 * Redis after its own admit and before anything else this JVM sends. A counted failure settles
 * before the answer. {@code INFO commandstats} counts the scripts ({@code evalsha}) but also every
 * command a script runs inside Redis, so which commands came from a client at all is read from
 * {@code MONITOR}, where a script's own commands are marked {@code [0 lua]}.
 */
@Tag("requires-redis")
class RoundTripsTest {
    /** Commands the test itself sends, or a client sends on connecting; not part of a decision. */
    static final Set<String> NOT_COUNTED = Set.of("info", "config", "ping", "hello", "client", "auth", "select",
            "command", "cluster", "script", "keys");

    RedisServerProcess redis;
    RedisClient client;
    StubLlmServer good;
    StubLlmServer bad;
    LlmRouter router;
    Monitor monitor;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServerProcess.start();
        client = RedisClient.create("127.0.0.1", redis.port());
        good = StubLlmServer.start();
        bad = StubLlmServer.start();
        bad.failing(true);
        var config = ConfigLoader.fromString("""
                providers:
                  good: {type: openai_compatible, base_url: "%s", max_parallel_requests: 4}
                  bad: {type: openai_compatible, base_url: "%s"}
                models:
                  g:
                    rpm: 1000
                    tpm: 1000000
                    deployments:
                      - {provider: good, model: m, rpm: 500, tpm: 500000, order: 2}
                  failover:
                    deployments:
                      - {provider: bad, model: m, order: 1}
                      - {provider: good, model: m, order: 2}
                router_settings:
                  routing_strategy: ordered
                  num_retries: 1
                  retry_backoff: {initial: 1ms, max: 1ms}
                  timeouts: {attempt: 10s, request: 20s, overall: 30s, stream: 20s, stream_idle: 10s}
                rate_limit_settings:
                  enabled: true
                  mode: reject
                """.formatted(good.baseUrl(), bad.baseUrl()), "round-trips.yaml");
        RedisAdmissionControl control = new RedisAdmissionControl(client, new RedisKeys("llmrouter:"), Map.of(),
                Duration.ofSeconds(60), Duration.ofSeconds(1), true);
        router = LlmRouter.builder().config(config).admissionControl(control).build();
        // the first call loads the scripts (SCRIPT LOAD, or EVAL after NOSCRIPT); count from the second on
        chat("g");
        chat("failover");
        awaitSettled();
        redis.command("CONFIG", "RESETSTAT");
        monitor = Monitor.start(redis.port());
    }

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
        if (router != null) {
            router.close();
        }
        client.close();
        good.close();
        bad.close();
        redis.close();
    }

    /** Waits until every attempt's settle reached Redis (its attempt record is gone). */
    private void awaitSettled() throws InterruptedException {
        Eventually.await(Duration.ofSeconds(30), "no attempt record left (every settle reached Redis)",
                () -> redis.command("KEYS", "llmrouter:*:att:*").equals("*0"));
    }

    /**
     * The script calls seen, as {@code admit ID} or {@code settle ID} (the settle is the call with the
     * usage key, the attempt id its first argument).
     */
    private List<String> calls() throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (List<String> c : monitor.clientScripts()) {
            int keys = Integer.parseInt(c.get(1));
            boolean settle = c.subList(2, 2 + keys).stream().anyMatch(k -> k.contains(":use:"));
            out.add((settle ? "settle " : "admit ") + c.get(2 + keys));
        }
        return out;
    }

    private ChatResponse chat(String model) {
        return router.chat(ChatRequest.builder().model(model).user("count").maxTokens(8).build());
    }

    /** Scripts run since the last reset ({@code INFO commandstats}): name to calls. */
    private Map<String, Long> scripts() {
        Map<String, Long> all = commandStats();
        all.keySet().retainAll(Set.of("eval", "evalsha", "eval_ro", "evalsha_ro", "fcall"));
        return all;
    }

    /** Calls per command since the last reset, without the ones in {@link #NOT_COUNTED}. */
    private Map<String, Long> commandStats() {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : redis.cli("INFO", "commandstats").split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            String name = line.substring("cmdstat_".length(), line.indexOf(':'));
            long n = Long.parseLong(line.replaceAll(".*[:,]calls=(\\d+),.*", "$1"));
            if (!NOT_COUNTED.contains(name.replaceAll("\\|.*", ""))) {
                calls.put(name, n);
            }
        }
        return calls;
    }

    @Test
    void oneCommandBeforeTheAttemptAndOneAfterIt() throws Exception {
        good.clear();
        good.hold();
        CompletableFuture<ChatResponse> inFlight = CompletableFuture.supplyAsync(() -> chat("g"));
        Eventually.await(Duration.ofSeconds(30), "the attempt reached the server", () -> good.count() > 0);
        assertThat(good.count()).as("the attempt reached the server").isEqualTo(1);
        assertThat(monitor.clientCommands()).as("sent while the attempt is in flight").containsExactly("evalsha");
        assertThat(scripts()).as("while the attempt is in flight").isEqualTo(Map.of("evalsha", 1L));
        good.release();
        assertThat(inFlight.get().text()).isEqualTo("ok");
        awaitSettled();
        assertThat(monitor.clientCommands()).as("sent in all").containsExactly("evalsha", "evalsha");
        assertThat(scripts()).as("after the attempt").isEqualTo(Map.of("evalsha", 2L));
        List<String> calls = calls();
        assertThat(calls.get(0)).startsWith("admit ");
        assertThat(calls.get(1)).isEqualTo(calls.get(0).replace("admit", "settle"));
    }

    @Test
    void tenChatsCostTenAdmitsAndTenSettlesEachSettleAfterItsOwnAdmit() throws Exception {
        for (int i = 0; i < 10; i++) {
            chat("g");
        }
        awaitSettled();
        assertThat(monitor.clientCommands()).hasSize(20).containsOnly("evalsha");
        assertThat(scripts()).isEqualTo(Map.of("evalsha", 20L));
        List<String> calls = calls();
        List<String> admits = calls.stream().filter(c -> c.startsWith("admit ")).toList();
        assertThat(admits).hasSize(10).doesNotHaveDuplicates();
        for (int i = 0; i < 10; i++) {
            String admit = admits.get(i);
            String settle = admit.replace("admit", "settle");
            assertThat(calls).as("one settle per attempt").containsOnlyOnce(settle);
            assertThat(calls.indexOf(settle)).as("settled after its admit").isGreaterThan(calls.indexOf(admit));
            if (i < 9) {
                // deferred, it travels with the next admit at the latest (before it, in the same pipeline)
                assertThat(calls.indexOf(settle)).as("settled before the next attempt's admit")
                        .isLessThan(calls.indexOf(admits.get(i + 1)));
            }
        }
    }

    @Test
    void aFailoverCostsTwoAdmitsAndTwoSettles() throws Exception {
        ChatResponse r = chat("failover");
        assertThat(r.route().attempts()).hasSize(2);
        awaitSettled();
        assertThat(monitor.clientCommands()).containsExactly("evalsha", "evalsha", "evalsha", "evalsha");
        assertThat(scripts()).isEqualTo(Map.of("evalsha", 4L));
        List<String> calls = calls();
        assertThat(calls).extracting(c -> c.substring(0, c.indexOf(' ')))
                .as("the failure settles before the second admit; the success after it")
                .containsExactly("admit", "settle", "admit", "settle");
        assertThat(calls.get(1)).isEqualTo(calls.get(0).replace("admit", "settle"));
        assertThat(calls.get(3)).isEqualTo(calls.get(2).replace("admit", "settle"));
    }
}
