package dev.llmrouter.internal.provider.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.TimeSource;
import dev.llmrouter.api.AttemptTimeoutException;
import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.StreamAccumulator;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.ToolCallDelta;
import dev.llmrouter.api.ToolDefinition;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ConfigException;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.FailureKind;
import dev.llmrouter.api.InsufficientQuotaException;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.ModelNotFoundException;
import dev.llmrouter.api.OverallTimeoutException;
import dev.llmrouter.api.ProviderOverloadedException;
import dev.llmrouter.api.ProviderRateLimitException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamBrokenException;
import dev.llmrouter.api.StreamIdleTimeoutException;
import dev.llmrouter.api.StreamTimeoutException;
import dev.llmrouter.api.Usage;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ModelInfo;
import dev.llmrouter.internal.provider.ProviderResources;
import dev.llmrouter.spi.provider.ProviderStream;
import dev.llmrouter.spi.provider.ProviderType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("unit")
class MockAdapterTest {
    private final ManualTimeSource clock = new ManualTimeSource();
    private final List<ProviderResources> opened = new ArrayList<>();
    private static final ChatRequest REQ = ChatRequest.builder().model("m").user("hello there").build();

    @AfterEach
    void closeResources() {
        opened.forEach(ProviderResources::close);
    }

    private MockAdapter mock(TimeSource time, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        ProviderResources res = ProviderResources.create(time);
        opened.add(res);
        return new MockAdapter(ProviderConfig.builder("demo", ProviderType.MOCK).mock(m).build(), res, List.of("m"));
    }

    private MockAdapter mock(Object... kv) {
        return mock(clock, kv);
    }

    private static CallContext ctx() {
        return CallContext.of(Duration.ofSeconds(30));
    }

    @Test
    void repliesWithTheConfiguredTextAfterTheLatencyOnTheClock() {
        MockAdapter a = mock("response", "Hi", "latency", Duration.ofMillis(250), "usage",
                Map.of("prompt_tokens", 10, "completion_tokens", 5));
        long before = clock.nanoTime();
        var r = a.chat(REQ, ctx());
        assertThat(r.text()).isEqualTo("Hi");
        assertThat(r.usage()).isEqualTo(Usage.of(10, 5));
        assertThat(clock.nanoTime() - before).isEqualTo(Duration.ofMillis(250).toNanos());
        assertThat(a.type()).isEqualTo(ProviderType.MOCK);
        assertThat(a.calls()).isEqualTo(1);
    }

    @Test
    void scriptCyclesThroughOutcomesInCallOrder() {
        MockAdapter a = mock("script", List.of("ok", 500, "429", "ok"), "retry_after", Duration.ofSeconds(2));
        assertThat(a.chat(REQ, ctx()).text()).isEqualTo("mock reply to: hello there");
        assertThatThrownBy(() -> a.chat(REQ, ctx())).isInstanceOf(ProviderUnavailableException.class)
                .satisfies(e -> assertThat(((LlmRouterException) e).failureKind()).isEqualTo(FailureKind.SERVER_ERROR));
        assertThatThrownBy(() -> a.chat(REQ, ctx())).isInstanceOf(ProviderRateLimitException.class)
                .satisfies(e -> assertThat(((LlmRouterException) e).retryAfter()).contains(Duration.ofSeconds(2)));
        assertThat(a.chat(REQ, ctx()).text()).startsWith("mock reply");
        assertThat(a.chat(REQ, ctx()).text()).startsWith("mock reply");
    }

    @ParameterizedTest
    @CsvSource({
            "400, INVALID_REQUEST, 400", "401, AUTHENTICATION, 401", "403, AUTHENTICATION, 403",
            "402, QUOTA_EXHAUSTED, 402", "404, MODEL_NOT_FOUND, 404", "422, INVALID_REQUEST, 422",
            "429, RATE_LIMITED, 429", "500, SERVER_ERROR, 500", "502, SERVER_ERROR, 502", "503, SERVER_ERROR, 503",
            "529, SERVER_ERROR, 529", "connection_reset, CONNECTION, 0", "context_window, CONTEXT_WINDOW, 400",
            "content_policy, CONTENT_POLICY, 400"})
    void failuresAreTheExceptionsRealAdaptersThrow(String failure, FailureKind kind, int status) {
        MockAdapter a = mock("failure_rate", 1.0, "failure", failure);
        assertThatThrownBy(() -> a.chat(REQ, ctx())).isInstanceOfSatisfying(LlmRouterException.class, e -> {
            assertThat(e.failureKind()).isEqualTo(kind);
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).startsWith("demo: ");
        });
    }

    @Test
    void specificTypesForTheCommonStatuses() {
        assertThatThrownBy(() -> mock("script", List.of(401)).chat(REQ, ctx())).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> mock("script", List.of(402)).chat(REQ, ctx())).isInstanceOf(InsufficientQuotaException.class);
        assertThatThrownBy(() -> mock("script", List.of(404)).chat(REQ, ctx())).isInstanceOf(ModelNotFoundException.class);
        assertThatThrownBy(() -> mock("script", List.of(529)).chat(REQ, ctx())).isInstanceOf(ProviderOverloadedException.class);
        assertThatThrownBy(() -> mock("script", List.of(422)).chat(REQ, ctx())).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> mock("script", List.of("context_window")).chat(REQ, ctx()))
                .isInstanceOf(ContextWindowExceededException.class);
        assertThatThrownBy(() -> mock("script", List.of("content_policy")).chat(REQ, ctx()))
                .isInstanceOf(ContentPolicyException.class);
    }

    @Test
    void seededFailureRateIsReproducible() {
        List<Boolean> first = outcomes(mock("failure_rate", 0.5, "seed", 42));
        List<Boolean> second = outcomes(mock("failure_rate", 0.5, "seed", 42));
        assertThat(first).isEqualTo(second).contains(true, false);
    }

    private static List<Boolean> outcomes(MockAdapter a) {
        List<Boolean> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            try {
                a.chat(REQ, CallContext.of(Duration.ofSeconds(1)));
                out.add(true);
            } catch (LlmRouterException e) {
                out.add(false);
            }
        }
        return out;
    }

    @Test
    void latencyLongerThanTheAttemptTimeoutEndsInAttemptTimeout() {
        MockAdapter a = mock("latency", Duration.ofSeconds(10));
        long before = clock.nanoTime();
        assertThatThrownBy(() -> a.chat(REQ, CallContext.of(Duration.ofMillis(300))))
                .isInstanceOfSatisfying(AttemptTimeoutException.class,
                        e -> assertThat(e.limit()).isEqualTo(Duration.ofMillis(300)));
        assertThat(clock.nanoTime() - before).isEqualTo(Duration.ofMillis(300).toNanos());
    }

    @Test
    void timeoutFailureNeverAnswersUntilTheDeadline() {
        MockAdapter a = mock("script", List.of("timeout"));
        assertThatThrownBy(() -> a.chat(REQ, CallContext.of(Duration.ofSeconds(2)))).isInstanceOf(AttemptTimeoutException.class);
    }

    @Test
    void cancellationWakesALongRealWaitAtOnce() {
        MockAdapter a = mock(TimeSource.system(), "latency", Duration.ofSeconds(30));
        CallContext c = CallContext.of(Duration.ofSeconds(60));
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
        try {
            s.schedule(() -> c.cancel(new OverallTimeoutException("overall", Duration.ofMillis(100), null)), 100,
                    TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            assertThatThrownBy(() -> a.chat(REQ, c)).isInstanceOf(OverallTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        } finally {
            s.shutdownNow();
        }
    }

    @Test
    void streamsWordByWordWithTheChunkDelayThenFinishAndUsage() {
        MockAdapter a = mock("response", "alpha beta gamma", "chunk_delay", Duration.ofMillis(100));
        long start = clock.nanoTime();
        try (ProviderStream s = a.stream(REQ, CallContext.forStream(Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofSeconds(1)))) {
            List<ChatChunk> chunks = new ArrayList<>();
            for (ChatChunk c = s.next(); c != null; c = s.next()) {
                chunks.add(c);
            }
            assertThat(chunks).extracting(ChatChunk::text).containsExactly("alpha ", "beta ", "gamma", "");
            assertThat(chunks.get(3).rawFinishReason()).isEqualTo("stop");
            assertThat(chunks.get(3).usage()).isNotNull();
        }
        assertThat(clock.nanoTime() - start).isEqualTo(Duration.ofMillis(300).toNanos());
    }

    @Test
    void streamBreakFailsAfterTheFirstChunk() {
        MockAdapter a = mock("response", "one two", "script", List.of("stream_break"));
        try (ProviderStream s = a.stream(REQ, CallContext.forStream(Duration.ofSeconds(1), null, null))) {
            assertThat(s.next().text()).isEqualTo("one ");
            assertThatThrownBy(s::next).isInstanceOf(StreamBrokenException.class);
        }
    }

    @Test
    void idleGapLongerThanTheIdleLimitEndsInIdleTimeoutWithThePartialText() {
        MockAdapter a = mock("response", "one two", "chunk_delay", Duration.ofSeconds(5));
        try (ProviderStream s = a.stream(REQ, CallContext.forStream(Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofMillis(500)))) {
            s.next();
            assertThatThrownBy(s::next).isInstanceOfSatisfying(StreamIdleTimeoutException.class,
                    e -> assertThat(e.partialText()).isEqualTo("one "));
        }
    }

    @Test
    void wholeStreamLongerThanItsLimitEndsInStreamTimeout() {
        MockAdapter a = mock("response", "a b c d e f", "chunk_delay", Duration.ofMillis(400));
        try (ProviderStream s = a.stream(REQ, CallContext.forStream(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1)))) {
            assertThatThrownBy(() -> {
                while (s.next() != null) {
                    // drain
                }
            }).isInstanceOfSatisfying(StreamTimeoutException.class, e -> assertThat(e.partialText()).isEqualTo("a b c "));
        }
    }

    private static final Map<String, Object> WEATHER_CALL = Map.of("name", "get_weather", "arguments", "{\"city\":\"Paris\"}");
    private static final ChatRequest WITH_TOOL = REQ.toBuilder()
            .tool(ToolDefinition.function("get_weather", "weather in a city", null)).build();

    @Test
    void aScriptedToolCallAnswersARequestOfferingToolsThenTheTextFollowsTheToolResult() {
        MockAdapter a = mock("response", "sunny", "tool_call", WEATHER_CALL);

        ChatResponse first = a.chat(WITH_TOOL, ctx());
        assertThat(first.message().toolCalls()).containsExactly(new ToolCall("call_mock_1", "get_weather", "{\"city\":\"Paris\"}"));
        assertThat(first.text()).isEmpty();
        assertThat(first.rawFinishReason()).contains("tool_calls");

        ChatRequest afterResult = WITH_TOOL.toBuilder().message(first.message())
                .message(ChatMessage.toolResult("call_mock_1", "21 C")).build();
        assertThat(a.chat(afterResult, ctx()).text()).isEqualTo("sunny");
        assertThat(a.chat(REQ, ctx()).text()).as("no tools offered: no tool call").isEqualTo("sunny");
    }

    @Test
    void aStreamedToolCallComesAsIdAndNameThenTheArgumentsInTwoPieces() {
        MockAdapter a = mock("tool_call", WEATHER_CALL);
        StreamAccumulator acc = new StreamAccumulator();
        List<ToolCallDelta> deltas = new ArrayList<>();
        try (ProviderStream s = a.stream(WITH_TOOL, CallContext.forStream(Duration.ofSeconds(1), null, null))) {
            for (ChatChunk c = s.next(); c != null; c = s.next()) {
                deltas.addAll(c.toolCalls());
                acc.add(c);
            }
        }
        assertThat(deltas).containsExactly(new ToolCallDelta(0, "call_mock_1", "get_weather", ""),
                new ToolCallDelta(0, null, null, "{\"city\":"), new ToolCallDelta(0, null, null, "\"Paris\"}"));
        ChatResponse whole = acc.toResponse();
        assertThat(whole.message().toolCalls()).containsExactly(new ToolCall("call_mock_1", "get_weather", "{\"city\":\"Paris\"}"));
        assertThat(whole.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void listModelsReportsTheSettingElseTheDeploymentModels() {
        assertThat(mock().listModels(ctx())).extracting(ModelInfo::id).containsExactly("m");
        assertThat(mock("models", List.of("x", "y")).listModels(ctx())).extracting(ModelInfo::id).containsExactly("x", "y");
        assertThat(mock().probe(ctx()).healthy()).isTrue();
    }

    @Test
    void badSettingsAreConfigErrorsNamingTheKey() {
        assertThatThrownBy(() -> mock("latncy", Duration.ZERO)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("mock.latncy").hasMessageContaining("latency");
        assertThatThrownBy(() -> mock("failure_rate", 2.0)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("failure_rate");
        assertThatThrownBy(() -> mock("failure", "explode")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("connection_reset");
        assertThatThrownBy(() -> mock("latency", "fast")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("mock.latency");
        assertThatThrownBy(() -> mock("tool_call", Map.of("arguments", "{}"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("mock.tool_call");
    }
}
