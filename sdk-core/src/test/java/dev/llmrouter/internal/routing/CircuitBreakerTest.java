package dev.llmrouter.internal.routing;

import dev.llmrouter.api.AttemptOutcome;
import dev.llmrouter.config.DeploymentConfig;
import static dev.llmrouter.internal.routing.TestConfig.dep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.spi.event.CircuitChangedEvent;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.NoDeploymentAvailableException;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.ProviderRateLimitException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.internal.provider.ProviderResources;
import dev.llmrouter.spi.provider.ProviderType;
import dev.llmrouter.internal.provider.mock.MockAdapter;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spi.state.CircuitView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** DESIGN 4.3: the circuit breaker per deployment, as the router uses it. */
@Tag("unit")
class CircuitBreakerTest {
    private final ManualTimeSource clock = new ManualTimeSource();
    private final ProviderResources mockResources = ProviderResources.create(clock);

    @AfterEach
    void close() {
        mockResources.close();
    }

    private static ChatRequest ask() {
        return ChatRequest.builder().model("g").user("hi")
                .options(RequestOptions.builder().numRetries(0).disableFallbacks().build()).build();
    }

    private static ChatRequest askWithRetries() {
        return ChatRequest.builder().model("g").user("hi").build();
    }

    private static CircuitView circuit(LlmRouter r, String id) {
        return r.health().deployment(id).orElseThrow().circuit();
    }

    private MockAdapter mock(String name, Object... kv) {
        java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return new MockAdapter(ProviderConfig.builder(name, ProviderType.MOCK).mock(m).build(), mockResources);
    }

    private static TestConfig twoTiers() {
        TestConfig c = TestConfig.create().custom("a")
                .mock("b", "response", "from b")
                .group("g", DeploymentConfig.builder("a", "m").build(),
                        DeploymentConfig.builder("b", "m").order(2).build());
        c.strategy = "ordered";
        return c;
    }

    @Test
    void opensAtAllowedFailsAndThenSkipsTheDeploymentWithNoCall() {
        TestConfig c = TestConfig.create().mock("a").group("g", dep("a", "m"));
        c.allowedFails = 3;
        MockAdapter a = mock("a", "failure_rate", 1.0, "failure", 500);
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", a).build()) {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> r.chat(ask())).isInstanceOf(ProviderUnavailableException.class);
                assertThat(circuit(r, "g/a/m#0").state()).isEqualTo(i < 2 ? CircuitState.CLOSED : CircuitState.OPEN);
            }
            long before = clock.nanoTime();
            assertThatThrownBy(() -> r.chat(ask())).isInstanceOfSatisfying(NoDeploymentAvailableException.class, e -> {
                assertThat(e.earliestRecovery()).contains(clock.now().plusSeconds(60));
                assertThat(e.getMessage()).contains("g/a/m#0: circuit open");
                assertThat(e.attempts()).isEmpty();
            });
            assertThat(a.calls()).isEqualTo(3);
            assertThat(clock.nanoTime()).isEqualTo(before);
        }
    }

    @Test
    void failuresOutsideTheRollingWindowDoNotCount() {
        TestConfig c = TestConfig.create().mock("a").group("g", dep("a", "m"));
        c.allowedFails = 3;
        MockAdapter a = mock("a", "failure_rate", 1.0, "failure", 500);
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", a).build()) {
            assertThatThrownBy(() -> r.chat(ask())).isInstanceOf(ProviderUnavailableException.class);
            assertThatThrownBy(() -> r.chat(ask())).isInstanceOf(ProviderUnavailableException.class);
            clock.advance(Duration.ofSeconds(61));
            assertThatThrownBy(() -> r.chat(ask())).isInstanceOf(ProviderUnavailableException.class);
            assertThatThrownBy(() -> r.chat(ask())).isInstanceOf(ProviderUnavailableException.class);
            assertThat(circuit(r, "g/a/m#0").state()).isEqualTo(CircuitState.CLOSED);
            assertThatThrownBy(() -> r.chat(ask())).isInstanceOf(ProviderUnavailableException.class);
            assertThat(circuit(r, "g/a/m#0").state()).isEqualTo(CircuitState.OPEN);
        }
    }

    @Test
    void halfOpenLetsExactlyOneProbeThroughAndItsSuccessCloses() throws Exception {
        TestConfig c = twoTiers();
        c.allowedFails = 1;
        BlockingAdapter a = new BlockingAdapter("a");
        List<String> changes = new CopyOnWriteArrayList<>();
        RouterListener l = new RouterListener() {
            @Override
            public void onCircuitStateChanged(CircuitChangedEvent event) {
                changes.add(event.deployment().provider() + ":" + event.from() + "->" + event.to());
            }
        };
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", a).listener(l).build()) {
            a.releaseFailure(new ProviderUnavailableException(dev.llmrouter.api.FailureKind.SERVER_ERROR, "a",
                    ProviderError.of(500, "boom"), "boom", null));
            assertThat(r.chat(askWithRetries()).text()).isEqualTo("from b");
            assertThat(circuit(r, "g/a/m#0").state()).isEqualTo(CircuitState.OPEN);
            assertThat(r.chat(askWithRetries()).route().attempts()).singleElement()
                    .satisfies(at -> assertThat(at.provider()).isEqualTo("b"));
            assertThat(a.calls()).isEqualTo(1);

            clock.advance(Duration.ofSeconds(60));
            assertThat(circuit(r, "g/a/m#0").state()).isEqualTo(CircuitState.HALF_OPEN);
            CompletableFuture<ChatResponse> probe = r.chatAsync(askWithRetries());
            assertThat(a.awaitCalls(2)).isTrue();
            // while the probe is out, everyone else is kept off the deployment
            for (int i = 0; i < 3; i++) {
                assertThat(r.chat(askWithRetries()).route().provider()).isEqualTo("b");
            }
            assertThat(a.calls()).isEqualTo(2);
            a.releaseOk();
            assertThat(probe.get(10, TimeUnit.SECONDS).route().provider()).isEqualTo("a");
            assertThat(circuit(r, "g/a/m#0").state()).isEqualTo(CircuitState.CLOSED);
            a.releaseOk();
            assertThat(r.chat(askWithRetries()).route().provider()).isEqualTo("a");
        }
        assertThat(changes).containsSubsequence("a:CLOSED->OPEN", "a:OPEN->HALF_OPEN", "a:HALF_OPEN->CLOSED");
    }

    @Test
    void aFailedProbeReopensTheCircuit() throws Exception {
        TestConfig c = twoTiers();
        c.allowedFails = 1;
        BlockingAdapter a = new BlockingAdapter("a");
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", a).build()) {
            ProviderUnavailableException boom = new ProviderUnavailableException(dev.llmrouter.api.FailureKind.SERVER_ERROR,
                    "a", ProviderError.of(500, "boom"), "boom", null);
            a.releaseFailure(boom);
            r.chat(askWithRetries());
            clock.advance(Duration.ofSeconds(60));
            a.releaseFailure(boom);
            assertThat(r.chat(askWithRetries()).route().attempts()).extracting(at -> at.provider())
                    .containsExactly("a", "b");
            CircuitView v = circuit(r, "g/a/m#0");
            assertThat(v.state()).isEqualTo(CircuitState.OPEN);
            assertThat(v.recoversAt()).contains(clock.now().plusSeconds(60));
        }
    }

    @Test
    void aSecondTripWhileOpenNeverShortensTheCooldown() throws Exception {
        TestConfig c = twoTiers();
        c.allowedFails = 1;
        BlockingAdapter a = new BlockingAdapter("a");
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", a).build()) {
            CompletableFuture<ChatResponse> one = r.chatAsync(ask());
            CompletableFuture<ChatResponse> two = r.chatAsync(ask());
            assertThat(a.awaitCalls(2)).isTrue();
            a.releaseFailure(new ProviderRateLimitException("a", ProviderError.builder(429).message("slow down")
                    .retryAfter(Duration.ofSeconds(120)).build(), "429", null));
            assertThat(one).failsWithin(10, TimeUnit.SECONDS);
            assertThat(circuit(r, "g/a/m#0").recoversAt()).contains(clock.now().plusSeconds(120));
            a.releaseFailure(new ProviderRateLimitException("a", ProviderError.builder(429).message("slow down")
                    .retryAfter(Duration.ofSeconds(10)).build(), "429", null));
            assertThat(two).failsWithin(10, TimeUnit.SECONDS);
            assertThat(circuit(r, "g/a/m#0").recoversAt()).contains(clock.now().plusSeconds(120));
        }
    }

    @Test
    void withWaitForRecoveryTheRequestWaitsForTheEarliestRecoveryInsideTheDeadline() {
        TestConfig c = TestConfig.create().mock("a").group("g", dep("a", "m"));
        c.waitForRecovery = true;
        MockAdapter a = mock("a", "script", List.of(429, "ok"), "retry_after", Duration.ofSeconds(2));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", a).build()) {
            long before = clock.nanoTime();
            ChatResponse resp = r.chat(askWithRetries());
            assertThat(resp.route().attempts()).extracting(at -> at.outcome()).containsExactly(AttemptOutcome.RATE_LIMITED, AttemptOutcome.SUCCESS);
            assertThat(clock.nanoTime() - before).isEqualTo(Duration.ofSeconds(2).toNanos());
            assertThat(circuit(r, "g/a/m#0").state()).isEqualTo(CircuitState.CLOSED);
        }
    }

    @Test
    void withoutWaitForRecoveryAllOpenFallsBackElseFailsWithTheEarliestRecovery() {
        TestConfig c = TestConfig.create().mock("a").mock("h", "response", "fallback").group("g", dep("a", "m"))
                .group("h", dep("h", "m"));
        MockAdapter a = mock("a", "script", List.of(429, "ok"), "retry_after", Duration.ofSeconds(2));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", a).build()) {
            assertThatThrownBy(() -> r.chat(askWithRetries())).isInstanceOfSatisfying(NoDeploymentAvailableException.class,
                    e -> {
                        assertThat(e.earliestRecovery()).contains(clock.now().plusSeconds(2));
                        assertThat(e.getCause()).isInstanceOf(ProviderRateLimitException.class);
                    });
        }
        c.fallbacks("g", "h");
        MockAdapter a2 = mock("a", "script", List.of(429, "ok"), "retry_after", Duration.ofSeconds(2));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", a2).build()) {
            assertThat(r.chat(askWithRetries()).text()).isEqualTo("fallback");
        }
    }

    @Test
    void aRecoveryBeyondTheDeadlineIsNotWaitedFor() {
        TestConfig c = TestConfig.create().mock("a").group("g", dep("a", "m"))
                .timeouts(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(120), Duration.ofSeconds(30),
                        Duration.ofSeconds(300));
        c.waitForRecovery = true;
        MockAdapter a = mock("a", "script", List.of(429, "ok"), "retry_after", Duration.ofSeconds(5));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", a).build()) {
            long before = clock.nanoTime();
            assertThatThrownBy(() -> r.chat(askWithRetries())).isInstanceOf(NoDeploymentAvailableException.class);
            assertThat(clock.nanoTime()).isEqualTo(before);
        }
    }

    @Test
    void anOpenCircuitWithoutRetryAfterUsesTheCooldownTime() {
        TestConfig c = TestConfig.create().mock("a").group("g", dep("a", "m"));
        c.cooldown = Duration.ofSeconds(45);
        MockAdapter a = mock("a", "script", List.of(401));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", a).build()) {
            assertThatThrownBy(() -> r.chat(askWithRetries())).isInstanceOf(dev.llmrouter.api.AuthenticationException.class);
            assertThat(circuit(r, "g/a/m#0").recoversAt()).contains(clock.now().plusSeconds(45));
            assertThat(a.calls()).isEqualTo(1);
        }
        assertThat(Map.of()).isEmpty();
    }
}
