package dev.llmrouter.redis.multijvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.RouterConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The scripts on Sentinel (through a failover) and on a Cluster of three masters, with the router
 * built from a {@code redis:} section as an application builds it.
 */
@Tag("requires-redis")
@Tag("slow")
class TopologiesTest {
    /** Far above the 200 ms command timeout: a call over it hung on Redis. */
    static final long HANG_MILLIS = 1_500;

    /** One provider per stub server (one host:port each, as the configuration's checks demand), and {@code redis}. */
    private static RouterConfig config(List<StubLlmServer> stubs, String redis) {
        StringBuilder p = new StringBuilder("providers:\n");
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < stubs.size(); i++) {
            p.append("  gpu").append(i).append(": {type: openai_compatible, base_url: \"").append(stubs.get(i).baseUrl())
                    .append("\", max_parallel_requests: 8}\n");
            d.append("      - {provider: gpu").append(i).append(", model: m, rpm: 100000, tpm: 100000000}\n");
        }
        String grouped = stubs.size() < 2 ? "" : """
                  grouped:
                    rpm: 100000
                    tpm: 100000000
                    deployments:
                      - {provider: gpu0, model: m}
                      - {provider: gpu1, model: m}
                """;
        return ConfigLoader.fromString(p + """
                models:
                """ + grouped + """
                  g:
                    deployments:
                """ + d + """
                router_settings:
                  num_retries: 0
                  timeouts: {attempt: 10s, request: 20s, overall: 30s, stream: 20s, stream_idle: 10s}
                rate_limit_settings:
                  enabled: true
                  mode: reject
                redis:
                """ + redis, "topologies.yaml");
    }

    /** The router as {@code fromYaml} builds it: the redis: section finds llmrouter-redis on the class path. */
    private static LlmRouter router(RouterConfig config) {
        return LlmRouter.builder().config(config).build();
    }

    /** A call's outcome and duration. */
    record Call(String outcome, long millis) {
    }

    private static Call call(LlmRouter router) {
        return call(router, "g");
    }

    private static Call call(LlmRouter router, String model) {
        long t0 = System.nanoTime();
        String outcome;
        try {
            router.chat(ChatRequest.builder().model(model).user("hi").maxTokens(8).build());
            outcome = "ok";
        } catch (LlmRouterException e) {
            outcome = e.getClass().getSimpleName();
        }
        return new Call(outcome, (System.nanoTime() - t0) / 1_000_000);
    }

    private static long stat(String info, String command) {
        Matcher m = Pattern.compile("cmdstat_" + Pattern.quote(command) + ":calls=(\\d+)").matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Scripts run on all nodes while one call to {@code model} is at the server, and once it ended. */
    private static List<Long> scriptsDuringAndAfterOneCall(RedisTopologies.Cluster cluster, List<StubLlmServer> stubs,
                                                           LlmRouter router, String model) throws Exception {
        // a success's settle is deferred (sent with the next command, or about a millisecond later): count from none pending
        RedisTopologies.await(() -> cluster.keys("llmrouter:*:att:*").isEmpty(), 30, "earlier settles in Redis");
        cluster.nodes.forEach(n -> n.command("CONFIG", "RESETSTAT"));
        int before = stubs.stream().mapToInt(StubLlmServer::count).sum();
        stubs.forEach(StubLlmServer::hold);
        java.util.concurrent.CompletableFuture<Call> c = java.util.concurrent.CompletableFuture.supplyAsync(() -> call(router, model));
        RedisTopologies.await(() -> stubs.stream().mapToInt(StubLlmServer::count).sum() > before, 30, "the call at a server");
        long during = scripts(cluster);
        stubs.forEach(StubLlmServer::release);
        assertThat(c.get().outcome()).isEqualTo("ok");
        RedisTopologies.await(() -> cluster.keys("llmrouter:*:att:*").isEmpty(), 30, "the call's settle in Redis");
        return List.of(during, scripts(cluster));
    }

    private static long scripts(RedisTopologies.Cluster cluster) {
        return cluster.nodes.stream().mapToLong(n -> {
            String info = n.cli("INFO", "commandstats");
            return stat(info, "evalsha") + stat(info, "eval");
        }).sum();
    }

    @Test
    void sentinelFailoverScriptsRunOnTheNewMasterAndNoCallHangs() throws Exception {
        try (RedisTopologies.Sentinel s = new RedisTopologies.Sentinel(); StubLlmServer stub = StubLlmServer.start();
             LlmRouter router = router(config(List.of(stub), """
                       sentinel_master: mymaster
                       sentinels: [%s]
                       command_timeout: 200ms
                       on_redis_failure: local
                     """.formatted(s.sentinels.stream().map(x -> "\"127.0.0.1:" + x.port() + "\"")
                     .collect(Collectors.joining(", ")))))) {
            for (int i = 0; i < 10; i++) {
                assertThat(call(router).outcome()).isEqualTo("ok");
            }
            int oldMaster = s.masterPort();
            assertThat(oldMaster).isEqualTo(s.master.port());

            List<Call> calls = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Thread th = new Thread(() -> {
                    while (!stop.get()) {
                        calls.add(call(router));
                    }
                });
                th.start();
                load.add(th);
            }
            s.master.kill9();
            RedisTopologies.await(() -> s.masterPort() == s.replica.port(), 30, "the sentinels to promote the replica");
            // back on shared state: scripts run on the new master (loaded again there: its cache started empty)
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (stat(s.replica.cli("INFO", "commandstats"), "evalsha") == 0 && System.nanoTime() < until) {
                calls.add(call(router));
                Thread.sleep(20);
            }
            int okInARow = 0;
            for (int i = 0; i < 20; i++) {
                Call c = call(router);
                calls.add(c);
                okInARow = c.outcome().equals("ok") ? okInARow + 1 : 0;
            }
            stop.set(true);
            for (Thread th : load) {
                th.join(30_000);
            }
            assertThat(okInARow).as("20 successes in a row on the new master").isEqualTo(20);
            synchronized (calls) {
                assertThat(calls).allSatisfy(c -> assertThat(c.millis()).as("%s", c).isLessThan(HANG_MILLIS));
                // on_redis_failure: local, so the switch itself is served on local state: nothing fails
                assertThat(calls).extracting(Call::outcome).containsOnly("ok");
            }
            String stats = s.replica.cli("INFO", "commandstats");
            assertThat(stat(stats, "evalsha")).as("scripts ran on the new master").isGreaterThan(0);
            assertThat(stat(stats, "script|load") + stat(stats, "eval"))
                    .as("the script was loaded again on the new master (its script cache started empty)").isGreaterThan(0);
            assertThat(s.replica.cli("--no-raw", "KEYS", "llmrouter:*")).contains("llmrouter:{p:gpu0}:");
        }
    }

    @Test
    void onAClusterOfThreeMastersEachProvidersKeysShareOneSlotAndAGroupLimitCostsOneMoreRoundTripEachWay() throws Exception {
        List<StubLlmServer> stubs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            stubs.add(StubLlmServer.start());
        }
        try (RedisTopologies.Cluster cluster = new RedisTopologies.Cluster();
             LlmRouter router = router(config(stubs, """
                       cluster_nodes: ["127.0.0.1:%d"]
                       command_timeout: 200ms
                     """.formatted(cluster.nodes.get(0).port())))) {
            for (int i = 0; i < 60; i++) {
                assertThat(call(router).outcome()).isEqualTo("ok");
            }
            List<String> keys = cluster.keys("llmrouter:*");
            Map<String, Set<Integer>> slotsByTag = new TreeMap<>();
            for (String k : keys) {
                String tag = k.substring(k.indexOf('{'), k.indexOf('}') + 1);
                slotsByTag.computeIfAbsent(tag, x -> new java.util.TreeSet<>()).add(cluster.slot(k));
            }
            assertThat(slotsByTag).as("keys %s", keys).hasSize(6)
                    .allSatisfy((tag, slots) -> assertThat(slots).as(tag).hasSize(1));
            // six providers over three masters: scripts ran on more than one node, never across slots
            long nodesWithScripts = cluster.nodes.stream().filter(n -> stat(n.cli("INFO", "commandstats"), "evalsha") > 0).count();
            assertThat(nodesWithScripts).isGreaterThan(1);
            assertThat(cluster.nodes).allSatisfy(n -> assertThat(n.cli("INFO", "errorstats")).doesNotContain("CROSSSLOT"));

            // round trips on Cluster: 1 before and 1 after; a group limit (another slot) adds one each way
            for (int i = 0; i < 5; i++) {
                assertThat(call(router, "grouped").outcome()).isEqualTo("ok"); // scripts loaded on every node
            }
            assertThat(scriptsDuringAndAfterOneCall(cluster, stubs, router, "g")).containsExactly(1L, 2L);
            assertThat(scriptsDuringAndAfterOneCall(cluster, stubs, router, "grouped")).containsExactly(2L, 4L);
        } finally {
            stubs.forEach(StubLlmServer::close);
        }
    }
}
