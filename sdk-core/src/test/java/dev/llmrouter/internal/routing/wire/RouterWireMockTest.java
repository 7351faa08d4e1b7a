package dev.llmrouter.internal.routing.wire;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.TimeSource;
import dev.llmrouter.api.AttemptOutcome;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.OverallTimeoutException;
import dev.llmrouter.api.StreamIdleTimeoutException;
import dev.llmrouter.api.StreamInterruptedException;
import dev.llmrouter.api.StreamTimeoutException;
import dev.llmrouter.config.Backoff;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.config.Timeouts;
import dev.llmrouter.spi.provider.ProviderType;
import dev.llmrouter.internal.provider.testing.RawServer;
import dev.llmrouter.spi.state.CircuitState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The router over real HTTP: WireMock servers with real faults behind the OpenAI-compatible adapter. */
@Tag("integration")
class RouterWireMockTest {
    private static WireMockServer a;
    private static WireMockServer b;
    private static WireMockServer h;
    private OkHttpClient client;

    @BeforeAll
    static void start() {
        a = Stubs.server();
        b = Stubs.server();
        h = Stubs.server();
    }

    @AfterAll
    static void stop() {
        a.stop();
        b.stop();
        h.stop();
    }

    @BeforeEach
    void reset() {
        a.resetAll();
        b.resetAll();
        h.resetAll();
        client = Stubs.client();
    }

    @AfterEach
    void closeClient() {
        assertThat(Stubs.busy(client)).as("connections still in use after the test").isZero();
        Stubs.close(client);
    }

    private static DeploymentConfig tier(String provider, int order) {
        return DeploymentConfig.builder(provider, "m").order(order).build();
    }

    /** Group g = a then b (ordered), group h = h, g falls back to h. */
    private static RouterConfig.Builder config(RouterSettings.Builder settings) {
        return RouterConfig.builder().provider(Stubs.provider("a", a)).provider(Stubs.provider("b", b))
                .provider(Stubs.provider("h", h))
                .model("g", tier("a", 1), tier("b", 2)).model("h", DeploymentConfig.of("h", "m"))
                .fallbacks("g", "h")
                .routerSettings(settings.routingStrategy("ordered").build());
    }

    private static RouterSettings.Builder settings() {
        return RouterSettings.builder().backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2, 0,
                Duration.ofSeconds(120)));
    }

    private static Timeouts timeouts(Duration attempt, Duration stream, Duration idle, Duration overall) {
        return new Timeouts(attempt, Duration.ofSeconds(60), stream, idle, overall);
    }

    private LlmRouter router(RouterConfig config) {
        return LlmRouter.builder().config(config).httpClient(client).build();
    }

    private LlmRouter router(RouterConfig config, TimeSource time) {
        return LlmRouter.builder().config(config).httpClient(client).timeSource(time).build();
    }

    private static ChatRequest ask(String model) {
        return ChatRequest.builder().model(model).user("hi").build();
    }

    private static int calls(WireMockServer s) {
        return s.countRequestsMatching(postRequestedFor(urlEqualTo(Stubs.CHAT)).build()).getCount();
    }

    @Test
    void aSlowProviderHitsTheAttemptTimeoutAndTheNextDeploymentAnswers() {
        a.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.ok("slow").withFixedDelay(3_000)));
        b.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.ok("from b")));
        try (LlmRouter r = router(config(settings().timeouts(timeouts(Duration.ofMillis(300), Duration.ofSeconds(120),
                Duration.ofSeconds(30), Duration.ofSeconds(300)))).build())) {
            long start = System.nanoTime();
            ChatResponse resp = r.chat(ask("g"));
            assertThat(resp.text()).isEqualTo("from b");
            assertThat(resp.route().attempts()).extracting(AttemptRecord::outcome).containsExactly(AttemptOutcome.TIMEOUT, AttemptOutcome.SUCCESS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        }
    }

    @Test
    void a500ThenSuccessOnTheRetry() {
        a.stubFor(post(urlEqualTo(Stubs.CHAT)).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(Stubs.error(500, "server_error", null, "boom")).willSetStateTo("recovered"));
        a.stubFor(post(urlEqualTo(Stubs.CHAT)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(Stubs.ok("second time")));
        RouterConfig c = RouterConfig.builder().provider(Stubs.provider("a", a)).model("g", DeploymentConfig.of("a", "m"))
                .routerSettings(settings().build()).build();
        try (LlmRouter r = router(c)) {
            ChatResponse resp = r.chat(ask("g"));
            assertThat(resp.text()).isEqualTo("second time");
            assertThat(resp.route().attempts()).extracting(AttemptRecord::httpStatus).containsExactly(500, 200);
            assertThat(calls(a)).isEqualTo(2);
        }
    }

    @Test
    void a429WithRetryAfterOpensTheCircuitAndTheNextRequestMakesNoCallToIt() {
        a.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.error(429, "rate_limit_error", "rate_limit_exceeded",
                "slow down").withHeader("retry-after", "30")));
        b.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.ok("from b")));
        try (LlmRouter r = router(config(settings()).build())) {
            assertThat(r.chat(ask("g")).route().attempts()).extracting(AttemptRecord::outcome)
                    .containsExactly(AttemptOutcome.RATE_LIMITED, AttemptOutcome.SUCCESS);
            var circuit = r.health().deployment("g/a/m#0").orElseThrow().circuit();
            assertThat(circuit.state()).isEqualTo(CircuitState.OPEN);
            assertThat(Duration.between(java.time.Instant.now(), circuit.openUntil())).isGreaterThan(Duration.ofSeconds(25));
            for (int i = 0; i < 3; i++) {
                assertThat(r.chat(ask("g")).route().attempts()).extracting(AttemptRecord::provider).containsExactly("b");
            }
            assertThat(calls(a)).isEqualTo(1);
        }
    }

    @Test
    void breakingAuthOpensAtOnceAndFallsBack() {
        a.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.error(401, "invalid_request_error", "invalid_api_key",
                "Incorrect API key provided")));
        h.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.ok("from h")));
        RouterConfig c = RouterConfig.builder().provider(Stubs.provider("a", a)).provider(Stubs.provider("h", h))
                .model("g", DeploymentConfig.of("a", "m")).model("h", DeploymentConfig.of("h", "m")).fallbacks("g", "h")
                .routerSettings(settings().build()).build();
        try (LlmRouter r = router(c)) {
            ChatResponse resp = r.chat(ask("g"));
            assertThat(resp.text()).isEqualTo("from h");
            assertThat(resp.route().attempts()).extracting(AttemptRecord::outcome).containsExactly(AttemptOutcome.AUTHENTICATION, AttemptOutcome.SUCCESS);
            assertThat(r.health().deployment("g/a/m#0").orElseThrow().circuit().state()).isEqualTo(CircuitState.OPEN);
            assertThat(r.chat(ask("g")).text()).isEqualTo("from h");
            assertThat(calls(a)).isEqualTo(1);
        }
    }

    @Test
    void afterTheCooldownExactlyOneProbeReachesTheServer() throws Exception {
        ManualTimeSource clock = new ManualTimeSource();
        a.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.error(500, "server_error", null, "down")));
        b.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.ok("from b")));
        try (LlmRouter r = router(config(settings().allowedFails(1).cooldownTime(Duration.ofSeconds(30))).build(), clock)) {
            r.chat(ask("g"));
            assertThat(calls(a)).isEqualTo(1);
            a.resetAll();
            a.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.ok("a is back").withFixedDelay(400)));
            clock.advance(Duration.ofSeconds(30));
            List<CompletableFuture<ChatResponse>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(r.chatAsync(ask("g")));
            }
            List<String> answers = new ArrayList<>();
            for (CompletableFuture<ChatResponse> f : all) {
                answers.add(f.get(10, TimeUnit.SECONDS).text());
            }
            assertThat(calls(a)).isEqualTo(1);
            assertThat(answers).containsOnlyOnce("a is back");
            assertThat(r.health().deployment("g/a/m#0").orElseThrow().circuit().state()).isEqualTo(CircuitState.CLOSED);
        }
    }

    @Test
    void aStreamFailingBeforeItsFirstChunkFailsOver() {
        a.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        b.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.sse(Stubs.stream("from ", "b"))));
        try (LlmRouter r = router(config(settings()).build()); ChatStream s = r.stream(ask("g"))) {
            List<String> texts = new ArrayList<>();
            for (ChatChunk c : s) {
                texts.add(c.text());
            }
            assertThat(String.join("", texts)).isEqualTo("from b");
            assertThat(s.response().route().attempts()).extracting(AttemptRecord::outcome)
                    .containsExactly(AttemptOutcome.CONNECTION, AttemptOutcome.SUCCESS);
        }
    }

    @Test
    void aStreamBrokenAfterChunksIsInterruptedWithThePartialText() {
        String cut = Stubs.chunk("Hello", null) + Stubs.chunk(" wor", null);
        a.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.sse(cut)));
        b.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.sse(Stubs.stream("b"))));
        try (LlmRouter r = router(config(settings()).build()); ChatStream s = r.stream(ask("g"))) {
            StringBuilder seen = new StringBuilder();
            assertThatThrownBy(() -> s.forEach(c -> seen.append(c.text())))
                    .isInstanceOfSatisfying(StreamInterruptedException.class, e -> {
                        assertThat(e.partialText()).isEqualTo("Hello wor").isEqualTo(seen.toString());
                        assertThat(e.route().attempts()).hasSize(1);
                    });
            assertThat(calls(b)).isZero();
        }
    }

    @Test
    void aSlowFirstChunkFailsOverToTheNextDeployment() {
        a.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.sse(Stubs.stream("late")).withFixedDelay(3_000)));
        b.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.sse(Stubs.stream("on ", "time"))));
        try (LlmRouter r = router(config(settings().timeouts(timeouts(Duration.ofMillis(300), Duration.ofSeconds(120),
                Duration.ofSeconds(30), Duration.ofSeconds(300)))).build()); ChatStream s = r.stream(ask("g"))) {
            assertThat(s.response().text()).isEqualTo("on time");
            assertThat(s.response().route().attempts()).extracting(AttemptRecord::outcome).containsExactly(AttemptOutcome.TIMEOUT, AttemptOutcome.SUCCESS);
        }
    }

    @Test
    void aStreamThatStallsAfterItsRoleChunkFailsOverWithinTheAttemptTimeout() throws Exception {
        // the role-only first chunk shows the caller nothing: a stall after it is a first-chunk (attempt) timeout,
        // retried on the next deployment, not a stream idle timeout thrown at the caller
        String roleOnly = "data: {\"id\":\"cc-1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n";
        b.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.sse(Stubs.stream("from ", "b"))));
        try (RawServer stalling = new RawServer(RawServer.chunked200("Content-Type: text/event-stream\r\n", roleOnly), true,
                RawServer.Ending.CLOSE)) {
            RouterConfig c = RouterConfig.builder()
                    .provider(ProviderConfig.builder("a", ProviderType.OPENAI_COMPATIBLE).baseUrl(stalling.url() + "/v1").build())
                    .provider(Stubs.provider("b", b)).model("g", tier("a", 1), tier("b", 2))
                    .routerSettings(settings().routingStrategy("ordered").timeouts(timeouts(Duration.ofMillis(400),
                            Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(300))).build()).build();
            long start = System.nanoTime();
            try (LlmRouter r = router(c); ChatStream s = r.stream(ask("g"))) {
                assertThat(s.response().text()).isEqualTo("from b");
                assertThat(s.response().route().attempts()).extracting(AttemptRecord::outcome)
                        .containsExactly(AttemptOutcome.TIMEOUT, AttemptOutcome.SUCCESS);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3500));
        }
    }

    @Test
    void aStreamStoppedByTheContentFilterBeforeAnyTextGoesToTheContentPolicyFallbacks() {
        String filtered = "data: {\"id\":\"cc-1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
                + Stubs.chunk(null, "content_filter") + "data: [DONE]\n\n";
        a.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.sse(filtered)));
        h.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.sse(Stubs.stream("from ", "h"))));
        RouterConfig c = RouterConfig.builder().provider(Stubs.provider("a", a)).provider(Stubs.provider("h", h))
                .model("g", DeploymentConfig.of("a", "m")).model("h", DeploymentConfig.of("h", "m"))
                .fallbacks(new dev.llmrouter.config.FallbackConfig(java.util.Map.of(), java.util.Map.of(),
                        java.util.Map.of("g", List.of("h")), List.of()))
                .routerSettings(settings().build()).build();
        try (LlmRouter r = router(c); ChatStream s = r.stream(ask("g"))) {
            assertThat(s.response().text()).isEqualTo("from h");
            assertThat(s.response().route().attempts()).extracting(AttemptRecord::outcome)
                    .containsExactly(AttemptOutcome.CONTENT_POLICY, AttemptOutcome.SUCCESS);
            assertThat(s.response().route().fallbackGroups()).containsExactly("h");
        }
    }

    @Test
    void aContentFilterStopAfterTextReachedTheCallerStaysAFinishReason() {
        a.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.sse(Stubs.chunk("Here is", null)
                + Stubs.chunk(null, "content_filter") + "data: [DONE]\n\n")));
        try (LlmRouter r = router(config(settings()).build()); ChatStream s = r.stream(ask("g"))) {
            assertThat(s.response().text()).isEqualTo("Here is");
            assertThat(s.response().finishReason()).isEqualTo(dev.llmrouter.api.FinishReason.CONTENT_FILTER);
            assertThat(calls(h)).isZero();
        }
    }

    @Test
    void anIdleGapInAStreamEndsItWithStreamIdleTimeout() {
        String body = Stubs.chunk("first", null) + ":" + "p".repeat(300) + "\n\n" + Stubs.chunk(null, "stop") + "data: [DONE]\n\n";
        a.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.sse(body).withChunkedDribbleDelay(2, 2_000)));
        try (LlmRouter r = router(config(settings().timeouts(timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60),
                Duration.ofMillis(300), Duration.ofSeconds(300)))).build()); ChatStream s = r.stream(ask("g"))) {
            assertThatThrownBy(() -> s.forEach(c -> { }))
                    .isInstanceOfSatisfying(StreamIdleTimeoutException.class, e -> {
                        assertThat(e.partialText()).isEqualTo("first");
                        assertThat(e.limit()).isEqualTo(Duration.ofMillis(300));
                    });
        }
    }

    @Test
    void aStreamLongerThanItsLimitEndsWithStreamTimeout() {
        String[] words = new String[20];
        for (int i = 0; i < words.length; i++) {
            words[i] = "w" + i + " ";
        }
        a.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.sse(Stubs.stream(words)).withChunkedDribbleDelay(20, 4_000)));
        try (LlmRouter r = router(config(settings().timeouts(timeouts(Duration.ofSeconds(5), Duration.ofMillis(800),
                Duration.ofSeconds(5), Duration.ofSeconds(300)))).build()); ChatStream s = r.stream(ask("g"))) {
            long start = System.nanoTime();
            StringBuilder seen = new StringBuilder();
            assertThatThrownBy(() -> s.forEach(c -> seen.append(c.text())))
                    .isInstanceOfSatisfying(StreamTimeoutException.class, e -> {
                        assertThat(e).isNotInstanceOf(StreamIdleTimeoutException.class);
                        assertThat(e.partialText()).isEqualTo(seen.toString());
                        assertThat(String.join("", words)).startsWith(e.partialText());
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        }
    }

    @Test
    void theOverallDeadlineHoldsAcrossRetriesAndFallbacks() {
        for (WireMockServer s : List.of(a, b, h)) {
            s.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.ok("too late").withFixedDelay(5_000)));
        }
        try (LlmRouter r = router(config(settings().numRetries(10).timeouts(timeouts(Duration.ofMillis(300),
                Duration.ofSeconds(120), Duration.ofSeconds(30), Duration.ofMillis(1000)))).build())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> r.chat(ask("g"))).isInstanceOfSatisfying(OverallTimeoutException.class,
                    e -> assertThat(e.attempts()).hasSizeGreaterThanOrEqualTo(3));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(950),
                    Duration.ofMillis(1000 + 600));
        }
    }

    @Test
    void aContextWindowErrorGoesToTheContextWindowFallbacks() {
        a.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.error(400, "invalid_request_error",
                "context_length_exceeded", "This model's maximum context length is 8192 tokens. However, your messages "
                        + "resulted in 9000 tokens.")));
        b.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.ok("never")));
        h.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.ok("large context")));
        RouterConfig c = config(settings()).fallbacks(new dev.llmrouter.config.FallbackConfig(java.util.Map.of(),
                java.util.Map.of("g", List.of("h")), java.util.Map.of(), List.of())).build();
        try (LlmRouter r = router(c)) {
            ChatResponse resp = r.chat(ask("g"));
            assertThat(resp.text()).isEqualTo("large context");
            assertThat(resp.route().attempts()).extracting(AttemptRecord::outcome).containsExactly(AttemptOutcome.CONTEXT_WINDOW, AttemptOutcome.SUCCESS);
            assertThat(calls(b)).isZero();
        }
    }

    @Test
    void anInvalidRequestFailsFastWithExactlyOneCall() {
        a.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.error(400, "invalid_request_error", null,
                "'temperature' must be at most 2")));
        try (LlmRouter r = router(config(settings()).build())) {
            assertThatThrownBy(() -> r.chat(ask("g"))).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                assertThat(e.error().message()).contains("'temperature' must be at most 2");
                assertThat(e.attempts()).hasSize(1);
            });
            assertThat(calls(a)).isEqualTo(1);
            assertThat(calls(b)).isZero();
            assertThat(calls(h)).isZero();
        }
    }

    @Test
    void cancellingAFutureAbortsTheCallAndFreesItsConnection() throws Exception {
        a.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.ok("slow").withFixedDelay(5_000)));
        try (LlmRouter r = router(config(settings()).build())) {
            CompletableFuture<ChatResponse> f = r.chatAsync(ask("g"));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (calls(a) == 0 && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertThat(Stubs.busy(client)).isEqualTo(1);
            f.cancel(true);
            // the connection is released a moment before OkHttp's dispatcher forgets the call: wait for both
            while ((Stubs.busy(client) != 0 || client.dispatcher().runningCallsCount() != 0) && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertThat(Stubs.busy(client)).isZero();
            assertThat(client.dispatcher().runningCallsCount()).isZero();
        }
    }
}
