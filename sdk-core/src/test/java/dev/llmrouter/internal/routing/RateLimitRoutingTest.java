package dev.llmrouter.internal.routing;

import dev.llmrouter.spi.routing.Deployment;
import static dev.llmrouter.internal.routing.TestConfig.dep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.spi.event.RateLimitedEvent;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.RateLimitExceededException;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.config.RateLimitSettings;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.spi.provider.ProviderType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** DESIGN 4.4: rate limits as the router applies them. */
@Tag("unit")
class RateLimitRoutingTest {
    private final ManualTimeSource clock = new ManualTimeSource();

    private static DeploymentConfig limited(String provider, int order, Integer rpm, Integer tpm) {
        return DeploymentConfig.builder(provider, "m").order(order).limit(new RateLimit(rpm, tpm)).build();
    }

    private static ChatRequest ask() {
        return ChatRequest.builder().model("g").user("hi").build();
    }

    private static ChatRequest ask(int maxTokens) {
        return ChatRequest.builder().model("g").user("hi").maxTokens(maxTokens).build();
    }

    private LlmRouter router(TestConfig c) {
        return LlmRouter.builder().config(c.build()).timeSource(clock).build();
    }

    @Test
    void aDeploymentOverItsLimitIsSkippedWithNoCall() {
        TestConfig c = TestConfig.create().mock("a").mock("b")
                .group("g", limited("a", 1, 2, null), limited("b", 2, null, null));
        c.strategy = "ordered";
        List<String> limited = new CopyOnWriteArrayList<>();
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).listener(new RouterListener() {
            @Override
            public void onRateLimited(RateLimitedEvent event) {
                limited.add(event.deployment().provider() + ":" + event.denial());
            }
        }).build()) {
            assertThat(r.chat(ask()).route().provider()).isEqualTo("a");
            assertThat(r.chat(ask()).route().provider()).isEqualTo("a");
            ChatResponse third = r.chat(ask());
            assertThat(third.route().provider()).isEqualTo("b");
            assertThat(third.route().attempts()).singleElement().satisfies(a -> assertThat(a.provider()).isEqualTo("b"));
        }
        assertThat(limited).containsExactly("a:DEPLOYMENT_RPM");
    }

    @Test
    void noneLeftFallsBackThenFailsWithRetryAfterOfTheSlidingWindow() {
        TestConfig c = TestConfig.create().mock("a").group("g", limited("a", 1, 2, null));
        try (LlmRouter r = router(c)) {
            r.chat(ask());
            clock.advance(Duration.ofSeconds(20));
            r.chat(ask());
            assertThatThrownBy(() -> r.chat(ask())).isInstanceOfSatisfying(RateLimitExceededException.class, e -> {
                assertThat(e.status()).isEqualTo(429);
                assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofSeconds(39),
                        Duration.ofSeconds(40)));
                assertThat(e.attempts()).isEmpty();
                assertThat(e.getMessage()).contains("g/a/m#0: over its deployment_rpm limit");
            });
            // the window slides: once the first request is 60 s old, one more fits, not two
            clock.advance(Duration.ofSeconds(40));
            r.chat(ask());
            assertThatThrownBy(() -> r.chat(ask())).isInstanceOf(RateLimitExceededException.class);
        }
        c.mock("h").group("h", dep("h", "m")).fallbacks("g", "h");
        try (LlmRouter r = router(c)) {
            r.chat(ask());
            r.chat(ask());
            ChatResponse resp = r.chat(ask());
            assertThat(resp.route().provider()).isEqualTo("h");
            assertThat(resp.route().fallbackGroups()).containsExactly("h");
        }
    }

    @Test
    void aBurstUpToTheLimitIsAdmittedThenNoWindowAdmitsMore() {
        TestConfig c = TestConfig.create().mock("a").group("g", limited("a", 1, 5, null));
        try (LlmRouter r = router(c)) {
            for (int i = 0; i < 5; i++) {
                r.chat(ask());
            }
            clock.advance(Duration.ofSeconds(59));
            assertThatThrownBy(() -> r.chat(ask())).isInstanceOf(RateLimitExceededException.class);
            clock.advance(Duration.ofSeconds(1));
            for (int i = 0; i < 5; i++) {
                r.chat(ask());
            }
            assertThatThrownBy(() -> r.chat(ask())).isInstanceOf(RateLimitExceededException.class);
        }
    }

    @Test
    void tokensAreReservedBeforeAndReconciledWithTheRealUsageAfter() throws Exception {
        TestConfig c = TestConfig.create().custom("a")
                .group("g", limited("a", 1, null, 1000));
        BlockingAdapter a = new BlockingAdapter("a");
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", a).build()) {
            CompletableFuture<ChatResponse> first = r.chatAsync(ask(600));
            assertThat(a.awaitCalls(1)).isTrue();
            // 600 output tokens reserved by the request in flight: another 600 does not fit
            assertThatThrownBy(() -> r.chat(ask(600))).isInstanceOfSatisfying(RateLimitExceededException.class,
                    e -> assertThat(e.getMessage()).contains("deployment_tpm"));
            a.releaseOk();
            assertThat(first.get(10, TimeUnit.SECONDS).usage().totalTokens()).isEqualTo(5);
            // reconciled to the 5 tokens really used: now it fits
            a.releaseOk();
            assertThat(r.chat(ask(600)).text()).isEqualTo("from a");
        }
    }

    @Test
    void aRequestWithoutMaxTokensReservesTheDefaultOutputTokens() throws Exception {
        TestConfig c = TestConfig.create().custom("a")
                .group("g", limited("a", 1, null, 1500));
        BlockingAdapter a = new BlockingAdapter("a");
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", a).build()) {
            CompletableFuture<ChatResponse> first = r.chatAsync(ask());
            assertThat(a.awaitCalls(1)).isTrue();
            // 1024 default output tokens are reserved for each: a second one does not fit in 1500
            assertThatThrownBy(() -> r.chat(ask())).isInstanceOf(RateLimitExceededException.class);
            a.releaseOk();
            first.get(10, TimeUnit.SECONDS);
        }
        c.rateLimits = RateLimitSettings.builder().defaultOutputTokens(100).build();
        BlockingAdapter b = new BlockingAdapter("a");
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", b).build()) {
            CompletableFuture<ChatResponse> first = r.chatAsync(ask());
            CompletableFuture<ChatResponse> second = r.chatAsync(ask());
            // both admitted at once: 2 x (prompt + 100) fits in 1500
            assertThat(b.awaitCalls(2)).isTrue();
            b.releaseOk();
            b.releaseOk();
            assertThat(first.get(10, TimeUnit.SECONDS).text()).isEqualTo("from a");
            assertThat(second.get(10, TimeUnit.SECONDS).text()).isEqualTo("from a");
        }
    }

    @Test
    void groupLimitsHoldAcrossAllItsDeployments() {
        TestConfig c = TestConfig.create().mock("a").mock("b")
                .group(ModelGroupConfig.builder("g").deployments(List.of(dep("a", "m"), dep("b", "m")))
                        .limit(new RateLimit(2, null)).build());
        try (LlmRouter r = router(c)) {
            r.chat(ask());
            r.chat(ask());
            assertThatThrownBy(() -> r.chat(ask())).isInstanceOfSatisfying(RateLimitExceededException.class,
                    e -> assertThat(e.getMessage()).contains("group_rpm"));
        }
    }

    @Test
    void waitModeBlocksForAPermitInsideTheDeadline() {
        TestConfig c = TestConfig.create().mock("a").group("g", limited("a", 1, 1, null))
                .timeouts(Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofSeconds(120), Duration.ofSeconds(30),
                        Duration.ofSeconds(300));
        c.rateLimits = RateLimitSettings.builder().mode(RateLimitSettings.Mode.WAIT).build();
        try (LlmRouter r = router(c)) {
            r.chat(ask());
            long before = clock.nanoTime();
            assertThat(r.chat(ask()).text()).startsWith("mock reply");
            assertThat(clock.nanoTime() - before).isEqualTo(Duration.ofSeconds(60).toNanos());
        }
    }

    @Test
    void waitModeDoesNotWaitPastTheDeadline() {
        TestConfig c = TestConfig.create().mock("a").group("g", limited("a", 1, 1, null))
                .timeouts(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofSeconds(30),
                        Duration.ofSeconds(300));
        c.rateLimits = RateLimitSettings.builder().mode(RateLimitSettings.Mode.WAIT).build();
        try (LlmRouter r = router(c)) {
            r.chat(ask());
            long before = clock.nanoTime();
            assertThatThrownBy(() -> r.chat(ask())).isInstanceOf(RateLimitExceededException.class);
            assertThat(clock.nanoTime()).isEqualTo(before);
        }
    }

    @Test
    void effectiveLimitsComeFromDeploymentThenProviderThenTypeDefaults() {
        TestConfig c = TestConfig.create()
                .provider(ProviderConfig.builder("ollama", ProviderType.OLLAMA).build())
                .provider(ProviderConfig.builder("vllm", ProviderType.VLLM).rpm(7).build())
                .group("g", dep("ollama", "a"), dep("vllm", "b"),
                        DeploymentConfig.builder("vllm", "c").limit(new RateLimit(3, null)).build());
        c.models.put("h", ModelGroupConfig.of("h", List.of(dep("ollama", "a"))));
        c.rateLimits = RateLimitSettings.builder().limit("h", new RateLimit(9, 99)).build().withSeedPreset();
        RouterConfig config = c.build();
        Map<String, ModelGroup> groups = EngineWiring.groups(config, Map.of());
        List<Deployment> g = groups.get("g").deployments;
        assertThat(g.get(0).limit()).isEqualTo(new RateLimit(100, 50_000));
        assertThat(g.get(1).limit()).isEqualTo(new RateLimit(7, 100_000));
        assertThat(g.get(2).limit()).isEqualTo(new RateLimit(3, 100_000));
        assertThat(groups.get("h").limit).isEqualTo(new RateLimit(9, 99));

        c.rateLimits = RateLimitSettings.builder().enabled(false).limit("h", new RateLimit(9, 99)).build();
        Map<String, ModelGroup> off = EngineWiring.groups(c.build(), Map.of());
        assertThat(off.get("g").deployments).allSatisfy(d -> assertThat(d.limit()).isEqualTo(RateLimit.NONE));
        assertThat(off.get("h").limit).isEqualTo(RateLimit.NONE);
    }
}
