package dev.llmrouter.internal.routing;

import dev.llmrouter.config.DeploymentConfig;
import static dev.llmrouter.internal.routing.TestConfig.dep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.HealthProgress;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.RouterHealth;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.NoDeploymentAvailableException;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.ProviderStatus;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ProbeResult;
import dev.llmrouter.spi.provider.ProviderType;
import dev.llmrouter.spi.state.CircuitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** DESIGN 4.7: probes, background marking, served-model discovery, health snapshot, awaitHealthy. */
@Tag("unit")
class HealthTest {
    private final ManualTimeSource clock = new ManualTimeSource();
    private static final ProbeResult DOWN = ProbeResult.builder().detail("Connection refused").build();
    private static final ProbeResult LOADING = ProbeResult.builder().reachable(true).httpStatus(503)
            .latency(Duration.ofMillis(3)).detail("Loading model").build();
    private static final ProbeResult UP = ProbeResult.builder().healthy(true).reachable(true).httpStatus(200)
            .latency(Duration.ofMillis(2)).detail("ok").build();

    private static ChatRequest ask() {
        return ChatRequest.builder().model("g").user("hi").build();
    }

    @Test
    void healthReportsProvidersAndDeployments() {
        TestConfig c = TestConfig.create().mock("a", "models", List.of("m", "other")).mock("b")
                .provider(ProviderConfig.builder("off", ProviderType.MOCK).status(ProviderStatus.DISABLED).build())
                .group("g", DeploymentConfig.builder("a", "m").limit(new RateLimit(10, null)).build(), dep("b", "m"));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).build()) {
            r.chat(ask());
            RouterHealth h = r.health();
            assertThat(h.healthy()).isTrue();
            assertThat(h.providers()).extracting(RouterHealth.ProviderHealth::name).containsExactly("a", "b", "off");
            assertThat(h.provider("a").orElseThrow().servedModels()).containsExactly("m", "other");
            assertThat(h.provider("a").orElseThrow().reachable()).isTrue();
            assertThat(h.provider("off").orElseThrow().active()).isFalse();
            assertThat(h.provider("off").orElseThrow().probe()).isNull();
            RouterHealth.DeploymentHealth d = h.deployment("g/a/m#0").orElseThrow();
            assertThat(d.circuit().state()).isEqualTo(CircuitState.CLOSED);
            assertThat(d.served()).isTrue();
            assertThat(d.inFlight()).isZero();
            assertThat(d.available()).isTrue();
            assertThat(d.headroom()).isBetween(0.0, 1.0);
            assertThat(h.checkedAt()).isEqualTo(clock.now());
        }
    }

    @Test
    void backgroundProbingMarksAProviderDownThenUpBeforeRequestsPayForIt() {
        BlockingAdapter a = new BlockingAdapter("a");
        a.probe = DOWN;
        TestConfig c = TestConfig.create().custom("a").mock("b", "response", "from b")
                .group("g", DeploymentConfig.builder("a", "m").build(),
                        DeploymentConfig.builder("b", "m").order(2).build());
        c.strategy = "ordered";
        c.healthInterval = Duration.ofHours(1);
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", a).build()) {
            assertThat(r.health().provider("a").orElseThrow().healthy()).isFalse();
            ChatResponse resp = r.chat(ask());
            assertThat(resp.route().attempts()).extracting(AttemptRecord::provider).containsExactly("b");
            assertThat(a.calls()).isZero();

            a.probe = UP;
            assertThat(r.health().healthy()).isTrue();
            a.releaseOk();
            assertThat(r.chat(ask()).route().provider()).isEqualTo("a");
        }
    }

    @Test
    void aModelTheLocalServerDoesNotServeIsSkippedNotFailed() {
        TestConfig c = TestConfig.create().mock("vllm", "models", List.of("Qwen/Other-Model")).mock("b", "response", "b")
                .group("g", DeploymentConfig.builder("vllm", "Qwen/Qwen2.5-Coder").build(),
                        DeploymentConfig.builder("b", "m").order(2).build());
        c.strategy = "ordered";
        c.healthInterval = Duration.ofHours(1);
        c.allowedFails = 1;
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).build()) {
            RouterHealth h = r.health();
            assertThat(h.deployment("g/vllm/Qwen/Qwen2.5-Coder#0").orElseThrow().served()).isFalse();
            assertThat(h.deployment("g/vllm/Qwen/Qwen2.5-Coder#0").orElseThrow().available()).isFalse();
            ChatResponse resp = r.chat(ask());
            assertThat(resp.route().attempts()).extracting(AttemptRecord::provider).containsExactly("b");
            assertThat(r.health().deployment("g/vllm/Qwen/Qwen2.5-Coder#0").orElseThrow().circuit().state())
                    .isEqualTo(CircuitState.CLOSED);
        }
        c.models.remove("g");
        c.group("g", dep("vllm", "Qwen/Qwen2.5-Coder"));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).build()) {
            r.health();
            assertThatThrownBy(() -> r.chat(ask())).isInstanceOfSatisfying(NoDeploymentAvailableException.class,
                    e -> assertThat(e.getMessage()).contains("does not serve Qwen/Qwen2.5-Coder now")
                            .contains("Qwen/Other-Model"));
        }
    }

    @Test
    void withoutBackgroundProbingFindingsAreReportedButDoNotSteerRouting() {
        BlockingAdapter a = new BlockingAdapter("a");
        a.probe = DOWN;
        TestConfig c = TestConfig.create().custom("a").group("g", dep("a", "m"));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", a).build()) {
            assertThat(r.health().healthy()).isFalse();
            a.releaseOk();
            assertThat(r.chat(ask()).route().provider()).isEqualTo("a");
        }
    }

    @Test
    void awaitHealthyProbesEveryFiveSecondsAndReportsProgress() {
        AtomicInteger probes = new AtomicInteger();
        BlockingAdapter a = new BlockingAdapter("a") {
            @Override
            public ProbeResult probe(CallContext context) {
                return probes.incrementAndGet() < 3 ? LOADING : UP;
            }
        };
        TestConfig c = TestConfig.create().custom("a").group("g", dep("a", "m"));
        List<HealthProgress> progress = new ArrayList<>();
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", a).build()) {
            assertThat(r.awaitHealthy("a", Duration.ofSeconds(60), progress::add)).isTrue();
        }
        assertThat(progress).extracting(HealthProgress::attempt).containsExactly(1, 2, 3);
        assertThat(progress).extracting(p -> p.elapsed().toSeconds()).containsExactly(0L, 5L, 10L);
        assertThat(progress.get(0).message()).isEqualTo("a: waiting (0s/60s): Loading model");
        assertThat(progress.get(2).done()).isTrue();
        assertThat(progress.get(2).message()).isEqualTo("a: healthy after 10s");
    }

    @Test
    void awaitHealthyEndsOnTheLastRealProbeInsteadOfProbingWithNoTimeLeft() {
        // a probe given almost no time can only time out; the report must say what the server last said
        List<Duration> probeTimeouts = new ArrayList<>();
        BlockingAdapter a = new BlockingAdapter("a") {
            @Override
            public ProbeResult probe(CallContext context) {
                probeTimeouts.add(context.timeout());
                return context.timeout().compareTo(Duration.ofMillis(100)) < 0
                        ? ProbeResult.builder().latency(context.timeout())
                                .detail("no complete response within " + context.timeout()).build()
                        : LOADING;
            }
        };
        TestConfig c = TestConfig.create().custom("a").group("g", dep("a", "m"));
        List<HealthProgress> progress = new ArrayList<>();
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", a).build()) {
            assertThat(r.awaitHealthy("a", Duration.ofSeconds(10), progress::add)).isFalse();
        }
        assertThat(probeTimeouts).hasSize(2).allSatisfy(t -> assertThat(t).isGreaterThanOrEqualTo(Duration.ofMillis(100)));
        HealthProgress last = progress.get(progress.size() - 1);
        assertThat(last.done()).isTrue();
        assertThat(last.elapsed()).isEqualTo(Duration.ofSeconds(10));
        assertThat(last.message()).isEqualTo("a: not healthy within 10s: Loading model");
    }

    @Test
    void awaitHealthyGivesUpAtTheTimeout() {
        BlockingAdapter a = new BlockingAdapter("a");
        a.probe = DOWN;
        TestConfig c = TestConfig.create().custom("a").mock("b").group("g", dep("a", "m"), dep("b", "m"));
        List<HealthProgress> progress = new ArrayList<>();
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", a).build()) {
            assertThat(r.awaitHealthy("a", Duration.ofSeconds(12), progress::add)).isFalse();
            assertThat(progress).extracting(p -> p.elapsed().toSeconds()).containsExactly(0L, 5L, 10L, 12L);
            assertThat(progress.get(3).done()).isTrue();
            assertThat(progress.get(3).message()).contains("not healthy within 12s").contains("Connection refused");
            assertThat(r.awaitHealthy("b", Duration.ofSeconds(5), null)).isTrue();
            assertThat(r.awaitHealthy(Duration.ofSeconds(5), null)).isFalse();
            assertThatThrownBy(() -> r.awaitHealthy("nope", Duration.ofSeconds(1), null))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("known providers: [a, b]");
        }
    }
}
