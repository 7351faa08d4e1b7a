package dev.llmrouter.redis;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.RouterHealth;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ConfigException;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.RateLimitExceededException;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.redis.testing.RedisServerProcess;
import dev.llmrouter.spi.state.CircuitState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DESIGN 4.3 and 4.4 on Redis state, through real routers built from YAML, against WireMock providers. */
@Tag("requires-redis")
@Tag("integration")
class RedisRouterTest {
    private static final String OK = """
            {"id":"c1","object":"chat.completion","model":"m","choices":[{"index":0,
            "message":{"role":"assistant","content":"hello"},"finish_reason":"stop"}],
            "usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}""";
    private static final String DEP = "g/wm/m#0";

    @TempDir
    Path dir;
    private RedisServerProcess redis;
    private WireMockServer wm;
    private final List<LlmRouter> routers = new ArrayList<>();

    @BeforeEach
    void start() {
        redis = RedisServerProcess.start("--appendonly", "yes");
        wm = new WireMockServer(wireMockConfig().dynamicPort());
        wm.start();
        wm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(OK)));
    }

    @AfterEach
    void stop() {
        routers.forEach(LlmRouter::close);
        wm.stop();
        redis.close();
    }

    /**
     * A router on the test's Redis. Its command timeout (5 s) is one no machine load reaches: these
     * tests are about sharing state and Redis being down, not slow (RedisFaultsTest and
     * DeferredSettlesTest cover a slow Redis with short timeouts).
     */
    private LlmRouter router(String deploymentExtra, String redisExtra) throws Exception {
        Path f = dir.resolve("router-" + routers.size() + ".yaml");
        Files.writeString(f, """
                providers:
                  wm: {type: openai_compatible, base_url: "http://127.0.0.1:%d/v1"}
                models:
                  g:
                    deployments:
                      - {provider: wm, model: m%s}
                router_settings:
                  allowed_fails: 2
                  cooldown_time: 1s
                  num_retries: 0
                  timeouts: {attempt: 5s, request: 10s, stream: 10s, stream_idle: 5s, overall: 20s}
                redis:
                  url: "redis://127.0.0.1:%d"
                  key_prefix: "test:"
                  command_timeout: 5s
                %s
                """.formatted(wm.port(), deploymentExtra, redis.port(), redisExtra));
        LlmRouter r = LlmRouter.fromYaml(f);
        routers.add(r);
        return r;
    }

    private static ChatRequest ask() {
        return ChatRequest.builder().model("g").user("hi").maxTokens(16)
                .options(RequestOptions.builder().numRetries(0).disableFallbacks().build()).build();
    }

    @Test
    void aRedisSectionMakesTheRouterUseSharedStateAndHealthSaysSo() throws Exception {
        LlmRouter r = router("", "");
        ChatResponse answer = r.chat(ask());
        assertThat(answer.text()).isEqualTo("hello");
        RouterHealth h = r.healthSnapshot();
        assertThat(h.stateStore()).isEqualTo("redis standalone 127.0.0.1:" + redis.port() + " db 0, prefix test: (shared)");
        assertThat(redis.command("HGET", "test:{p:wm}:use:" + DEP, "requests")).isEqualTo("1");
        assertThat(redis.command("HGET", "test:{p:wm}:use:" + DEP, "tokens")).isEqualTo("5");
    }

    @Test
    void twoRoutersShareOneRpmLimitExactly() throws Exception {
        LlmRouter a = router(", rpm: 3", "");
        LlmRouter b = router(", rpm: 3", "");
        a.chat(ask());
        b.chat(ask());
        a.chat(ask());
        assertThatThrownBy(() -> b.chat(ask())).isInstanceOf(RateLimitExceededException.class)
                .satisfies(e -> assertThat(((RateLimitExceededException) e).retryAfter())
                        .hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofSeconds(50))));
        assertThat(wm.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).hasSize(3);
        assertThat(a.healthSnapshot().deployment(DEP).orElseThrow().headroom()).isEqualTo(0.0);
    }

    @Test
    void aCircuitOpenedByOneRouterIsSkippedByTheOtherWithNoCall() throws Exception {
        wm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(500).withBody("{}")));
        LlmRouter a = router("", "");
        LlmRouter b = router("", "");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> a.chat(ask())).isInstanceOf(LlmRouterException.class);
        }
        assertThat(b.healthSnapshot().deployment(DEP).orElseThrow().circuit().state()).isEqualTo(CircuitState.OPEN);
        assertThatThrownBy(() -> b.chat(ask())).isInstanceOf(LlmRouterException.class);
        assertThat(wm.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).hasSize(2);
    }

    @Test
    void exactlyOneProbeWith16ThreadsInEachOfTwoRoutersThenRecovery() throws Exception {
        wm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(500).withBody("{}")));
        LlmRouter a = router("", "");
        LlmRouter b = router("", "");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> a.chat(ask())).isInstanceOf(LlmRouterException.class);
        }
        wm.resetAll();
        // the probe answers slowly, so every other thread asks while it is out
        wm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200).withFixedDelay(1500)
                .withHeader("Content-Type", "application/json").withBody(OK)));
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (a.healthSnapshot().deployment(DEP).orElseThrow().circuit().state() != CircuitState.HALF_OPEN) {
            assertThat(System.nanoTime()).as("half-open within 10 s").isLessThan(end);
            Thread.sleep(20);
        }
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 32; i++) {
                LlmRouter r = i % 2 == 0 ? a : b;
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        return r.chat(ask()).text().equals("hello");
                    } catch (LlmRouterException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int answered = 0;
            for (Future<Boolean> f : results) {
                answered += f.get() ? 1 : 0;
            }
            assertThat(answered).isGreaterThanOrEqualTo(1);
            // while the probe was out (its answer takes 1.5 s) no other call reached the provider: any
            // later call was admitted only after the probe's success closed the circuit
            List<Long> at = wm.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).stream()
                    .map(r -> r.getLoggedDate().getTime()).sorted().toList();
            assertThat(at).hasSize(answered);
            for (int i = 1; i < at.size(); i++) {
                assertThat(at.get(i) - at.get(0)).as("call %d after the probe", i).isGreaterThanOrEqualTo(1500);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(b.healthSnapshot().deployment(DEP).orElseThrow().circuit().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(b.chat(ask()).text()).isEqualTo("hello");
    }

    @Test
    void tpmReservesTheBoundAndReconcilesWithTheRealUsage() throws Exception {
        LlmRouter a = router(", tpm: 1000", "");
        a.chat(ask());
        // reconciled to the 5 tokens the stub reported
        assertThat(redis.cli("HVALS", "test:{p:wm}:win:" + DEP)).matches("(?s)\\d+:1:5:\\d+\\s.*");
        // the window's running sums (requests, tokens) follow the reconcile
        assertThat(redis.cli("HMGET", "test:{p:wm}:win:" + DEP, "R", "T")).isEqualTo("1\n5\n");
    }

    @Test
    void localModeKeepsServingWhenRedisDiesAndSharesAgainWhenItIsBack() throws Exception {
        LlmRouter a = router("", "");
        a.chat(ask());
        redis.kill9();
        for (int i = 0; i < 5; i++) {
            assertThat(a.chat(ask()).text()).isEqualTo("hello");
        }
        assertThat(a.healthSnapshot().stateStore()).contains("serving on local state");
        redis.restart();
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!a.healthSnapshot().stateStore().endsWith("(shared)")) {
            assertThat(System.nanoTime()).as("back on shared state within 60 s").isLessThan(end);
            a.chat(ask());
            Thread.sleep(100);
        }
        a.chat(ask());
        assertThat(redis.command("EXISTS", "test:{p:wm}:use:" + DEP)).isEqualTo(":1");
    }

    @Test
    void failModeRejectsClearlyWhileRedisIsDown() throws Exception {
        LlmRouter a = router("", "  on_redis_failure: fail");
        a.chat(ask());
        redis.kill9();
        assertThatThrownBy(() -> a.chat(ask())).isInstanceOf(RedisUnavailableException.class)
                .hasMessageContaining("on_redis_failure: fail");
        assertThat(wm.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).hasSize(1);
    }

    @Test
    void requirePersistenceRefusesAServerWithNoneAndSaysHowToTurnItOn() throws Exception {
        try (RedisServerProcess bare = RedisServerProcess.start()) {
            RedisServerProcess kept = redis;
            redis = bare;
            try {
                assertThatThrownBy(() -> router("", "  require_persistence: true")).isInstanceOf(ConfigException.class)
                        .hasMessageContaining("neither AOF nor RDB")
                        .hasMessageContaining("CONFIG SET appendonly yes");
            } finally {
                redis = kept;
            }
        }
    }

    @Test
    void aWrongPasswordRefusesToStartWithoutPrintingIt() throws Exception {
        try (RedisServerProcess locked = RedisServerProcess.start("--requirepass", "right-one")) {
            RedisServerProcess kept = redis;
            redis = locked;
            try {
                assertThatThrownBy(() -> router("", "  password: \"wrong-one\"")).isInstanceOf(ConfigException.class)
                        .hasMessageContaining("WRONGPASS")
                        .hasMessageNotContaining("wrong-one");
            } finally {
                redis = kept;
            }
        }
    }

    @Test
    void anAclUserWithoutScriptRightsGetsAClearErrorNamingTheCommand() throws Exception {
        redis.command("ACL", "SETUSER", "reader", "on", ">pw", "~*", "+info", "+ping", "+config|get", "+hello",
                "+client");
        LlmRouter a = router("", "  user: reader\n  password: \"pw\"");
        assertThatThrownBy(() -> a.chat(ask())).isInstanceOf(RedisStateException.class)
                .hasMessageContaining("NOPERM")
                .hasMessageContaining("EVALSHA of the");
    }
}
