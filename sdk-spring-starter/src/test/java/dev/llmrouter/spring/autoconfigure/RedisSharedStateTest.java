package dev.llmrouter.spring.autoconfigure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.RateLimitExceededException;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.redis.RedisStateStore;
import dev.llmrouter.redis.testing.Eventually;
import dev.llmrouter.redis.testing.RedisServerProcess;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spring.LlmRouterSharedState;
import dev.llmrouter.spring.health.LlmRouterHealthIndicator;
import java.io.IOException;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Redis shared state through the starter, on a real {@code redis-server} started on a free port:
 * two application contexts on one Redis see each other's open circuit and rate-limit counts;
 * {@code llmrouter.redis.*} is laid over a file's {@code redis:} section; health says whether Redis
 * answers; closing the context closes the connections; without settings, or without llmrouter-redis,
 * nothing is opened.
 */
@Tag("requires-redis")
@Tag("integration")
class RedisSharedStateTest {
    private static final String OK = """
            {"id":"c1","object":"chat.completion","model":"m",
             "choices":[{"index":0,"message":{"role":"assistant","content":"hello"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}""";
    private static final String PRIMARY = "primary/bad/bad-model#0";

    @TempDir
    Path dir;
    private RedisServerProcess redis;
    private WireMockServer wm;
    private WireMockServer bad;

    @BeforeEach
    void start() {
        redis = RedisServerProcess.start("--appendonly", "yes");
        wm = new WireMockServer(wireMockConfig().dynamicPort());
        wm.start();
        bad = new WireMockServer(wireMockConfig().dynamicPort());
        bad.start();
        bad.stubFor(post(urlEqualTo("/bad/v1/chat/completions")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"boom\"}}")));
        wm.stubFor(post(urlEqualTo("/good/v1/chat/completions")).willReturn(okJson(OK)));
    }

    @AfterEach
    void stop() {
        wm.stop();
        bad.stop();
        redis.close();
    }

    private ApplicationContextRunner runner() {
        String base = "http://127.0.0.1:" + wm.port();
        // command timeout 5 s, not the default 50 ms: on a loaded 2-core CI machine a cold JVM's first
        // commands can take longer, and the router then (rightly) falls back to local state and drops
        // its connections, which is not what these tests are about

        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class,
                        LlmRouterHealthAutoConfiguration.class))
                .withPropertyValues(HealthAndMetricsWireMockTest.failover("http://127.0.0.1:" + bad.port(), base))
                .withPropertyValues("llmrouter.models.secondary.deployments[0].rpm=2",
                        "llmrouter.redis.url=" + redis.url(), "llmrouter.redis.key-prefix=spring:",
                        "llmrouter.redis.command-timeout=5s");
    }

    private static ChatRequest ask(String model) {
        return ChatRequest.builder().model(model).user("hi").maxTokens(16).build();
    }

    @Test
    void twoApplicationsOnOneRedisSeeEachOthersOpenCircuitAndRateLimitCounts() {
        runner().run(a -> runner().run(b -> {
            LlmRouter first = a.getBean(LlmRouter.class);
            LlmRouter second = b.getBean(LlmRouter.class);
            assertThat(a).hasSingleBean(LlmRouterSharedState.class);

            // the first application's call fails on primary (its circuit opens) and falls back
            assertThat(first.chat(ask("primary")).route().deploymentId()).isEqualTo("secondary/good/good-model#0");
            bad.verify(1, postRequestedFor(urlEqualTo("/bad/v1/chat/completions")));
            assertThat(second.healthSnapshot().deployment(PRIMARY).orElseThrow().circuit().state())
                    .isEqualTo(CircuitState.OPEN);
            // the second application skips the open circuit without calling the failing provider
            assertThat(second.chat(ask("primary")).text()).isEqualTo("hello");
            bad.verify(1, postRequestedFor(urlEqualTo("/bad/v1/chat/completions")));

            // secondary allows 2 requests a minute across both applications: both were used above
            ChatRequest noFallback = ChatRequest.builder().model("secondary").user("hi").maxTokens(16)
                    .options(RequestOptions.builder().numRetries(0).disableFallbacks().build()).build();
            assertThatThrownBy(() -> first.chat(noFallback)).isInstanceOf(RateLimitExceededException.class);
            wm.verify(2, postRequestedFor(urlEqualTo("/good/v1/chat/completions")));
        }));
    }

    @Test
    void llmrouterRedisIsLaidOverTheRedisSectionOfAConfigFile() throws Exception {
        Path file = routerFile("""
                redis:
                  url: "redis://127.0.0.1:1"
                  key_prefix: "from-file:"
                """);
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class))
                .withPropertyValues("llmrouter.config=file:" + file, "llmrouter.redis.url=" + redis.url())
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(LlmRouterSharedState.class);
                    assertThat(ctx.getBean(LlmRouter.class).chat(ask("chat")).text()).isEqualTo("hello");
                    assertThat(ctx.getBean(LlmRouterSharedState.class).description()).isEqualTo(
                            "redis standalone 127.0.0.1:" + redis.port() + " db 0, prefix from-file: (shared)");
                    assertThat(settled("from-file:{p:good}:use:chat/good/good-model#0")).isEqualTo("1");
                });
    }

    @Test
    void aRedisSectionInTheFileAloneTurnsSharedStateOn() throws Exception {
        Path file = routerFile("\"redis\": {url: \"" + redis.url() + "\"}\n");
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class))
                .withPropertyValues("llmrouter.config=file:" + file)
                .run(ctx -> assertThat(ctx.getBean(LlmRouter.class).healthSnapshot().stateStore())
                        .isEqualTo("redis standalone 127.0.0.1:" + redis.port() + " db 0, prefix llmrouter: (shared)"));
    }

    @Test
    void healthSaysWhetherRedisAnswersAndIsDownOnlyWhenRequestsAreRefused() {
        runner().run(local -> runner().withPropertyValues("llmrouter.redis.on-failure=fail").run(failing -> {
            LlmRouterHealthIndicator lenient = local.getBean(LlmRouterHealthIndicator.class);
            LlmRouterHealthIndicator strict = failing.getBean(LlmRouterHealthIndicator.class);
            Health up = lenient.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("sharedStateReachable", true).containsEntry("stateStore",
                    "redis standalone 127.0.0.1:" + redis.port() + " db 0, prefix spring: (shared)");
            assertThat(strict.health().getStatus()).isEqualTo(Status.UP);

            redis.kill9();

            Health away = lenient.health();
            assertThat(away.getStatus()).isEqualTo(Status.UP);
            assertThat(away.getDetails()).containsEntry("sharedStateReachable", false);
            assertThat((String) away.getDetails().get("stateStore")).contains("unreachable since")
                    .endsWith("serving on local state)");
            Health refused = strict.health();
            assertThat(refused.getStatus()).isEqualTo(Status.DOWN);
            assertThat(refused.getDetails()).containsEntry("sharedStateReachable", false);
        }));
    }

    /**
     * The {@code requests} count of a usage hash once the call's settle reached Redis. A successful
     * call's settle leaves the calling thread (sdk-redis sends it with the JVM's next command, or
     * within about a millisecond from its own thread), so it lands just after {@code chat} returns:
     * poll, bounded.
     */
    private String settled(String usageKey) throws InterruptedException {
        Eventually.await(Duration.ofSeconds(5), "the settle of " + usageKey + " reached Redis",
                () -> !"$-1".equals(redis.command("HGET", usageKey, "requests")));
        return redis.command("HGET", usageKey, "requests");
    }

    @Test
    void closingTheContextClosesTheRedisConnections() throws Exception {
        runner().run(ctx -> {
            ctx.getBean(LlmRouter.class).chat(ask("secondary"));
            // the call went through Redis (not the local fallback), on the router's own connections
            assertThat(settled("spring:{p:good}:use:secondary/good/good-model#0")).isEqualTo("1");
            assertThat(routerConnections()).isNotEmpty();
        });
        // the server notices a closed socket on its next event loop turn: poll, bounded
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!routerConnections().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(routerConnections()).as("the router's connections still open 5 s after the context closed").isEmpty();
    }

    @Test
    void nothingIsOpenedWithoutRedisSettings() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class))
                .withPropertyValues("llmrouter.config=classpath:llmrouter/mock.yaml")
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(LlmRouter.class).doesNotHaveBean(LlmRouterSharedState.class);
                    assertThat(ctx.getBean(LlmRouter.class).healthSnapshot().stateStore()).isEqualTo("local (this JVM only)");
                });
    }

    @Test
    void sharedStateBacksOffWithoutLlmrouterRedis() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(RedisStateStore.class))
                .withPropertyValues("llmrouter.config=classpath:llmrouter/mock.yaml", "llmrouter.redis.url=" + redis.url())
                .run(ctx -> assertThat(ctx).hasSingleBean(LlmRouter.class).doesNotHaveBean(LlmRouterSharedState.class));
    }

    /** A router file with model group chat on the answering provider, then {@code redisSection}. */
    private Path routerFile(String redisSection) throws IOException {
        Path file = dir.resolve("router.yaml");
        Files.writeString(file, """
                providers:
                  good: {type: openai_compatible, base_url: "http://127.0.0.1:%d/good/v1"}
                models:
                  chat:
                    deployments:
                      - {provider: good, model: good-model}
                """.formatted(wm.port()) + redisSection);
        return file;
    }

    /**
     * The router's connections as the server lists them (Jedis names them {@code llmrouter}); counting
     * {@code connected_clients} would also count this test's own connections, the one asking and any
     * earlier one the server has not reaped yet.
     */
    private List<String> routerConnections() {
        return redis.command("CLIENT", "LIST").lines().filter(l -> l.contains(" name=llmrouter ")).toList();
    }
}
