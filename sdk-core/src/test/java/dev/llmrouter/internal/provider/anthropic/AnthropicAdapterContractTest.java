package dev.llmrouter.internal.provider.anthropic;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.llmrouter.internal.provider.testing.AdapterCalls.ctx;
import static dev.llmrouter.internal.provider.testing.AdapterCalls.drain;
import static dev.llmrouter.internal.provider.testing.AdapterCalls.join;
import static dev.llmrouter.internal.provider.testing.AdapterCalls.streamCtx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.llmrouter.api.AttemptTimeoutException;
import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ConfigException;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.InsufficientQuotaException;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.api.ModelNotFoundException;
import dev.llmrouter.api.ProviderException;
import dev.llmrouter.api.ProviderOverloadedException;
import dev.llmrouter.api.ProviderRateLimitException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamBrokenException;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.ToolDefinition;
import dev.llmrouter.api.Usage;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.Secret;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ModelInfo;
import dev.llmrouter.spi.provider.ProbeResult;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.internal.provider.ProviderAdapters;
import dev.llmrouter.spi.provider.ProviderStream;
import dev.llmrouter.spi.provider.ProviderType;
import dev.llmrouter.internal.provider.testing.ProviderWireMock;
import dev.llmrouter.internal.provider.testing.RawServer;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Anthropic's Messages API as WIRE.md section 3 describes it: named SSE events, cumulative usage, error envelopes. */
@Tag("contract")
class AnthropicAdapterContractTest {
    @RegisterExtension
    static final ProviderWireMock WM = ProviderWireMock.create();

    private static final String KEY = "sk-ant-api03-secret-key-1234567890";
    private static final ChatRequest HELLO = ChatRequest.builder().model("claude-sonnet-4-5").system("Be brief.").user("Hi").build();
    private static final String HELLO_JSON = """
            {"model":"claude-sonnet-4-5","max_tokens":4096,"system":"Be brief.",
             "messages":[{"role":"user","content":"Hi"}],"stream":%s}""";

    private static AnthropicAdapter adapter() {
        return adapter(WM.baseUrl());
    }

    private static AnthropicAdapter adapter(String baseUrl) {
        return new AnthropicAdapter(ProviderConfig.builder("anthropic", ProviderType.ANTHROPIC).baseUrl(baseUrl)
                .apiKey(Secret.of(KEY)).allowInsecureHttp(true).build(), WM.resources());
    }

    private static MappingBuilder messages() {
        return post(urlEqualTo("/v1/messages"));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withHeader("request-id", "req_011CTest")
                .withBody(body);
    }

    /** An SSE body from (event, data) pairs, exactly as Anthropic frames it. */
    private static ResponseDefinitionBuilder sse(String... eventsAndData) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < eventsAndData.length; i += 2) {
            sb.append("event: ").append(eventsAndData[i]).append('\n').append("data: ").append(eventsAndData[i + 1]).append("\n\n");
        }
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream; charset=utf-8")
                .withHeader("request-id", "req_011CStream").withBody(sb.toString());
    }

    private static final String START = "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01Stream\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":25,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":1}}}";
    private static final String TEXT_START = "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}";
    private static final String PING = "{\"type\": \"ping\"}";
    private static final String STOP = "{\"type\":\"message_stop\"}";

    private static String textDelta(int index, String text) {
        return "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}";
    }

    private static String blockStop(int index) {
        return "{\"type\":\"content_block_stop\",\"index\":" + index + "}";
    }

    private static String messageDelta(String stopReason, int outputTokens) {
        return "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason + "\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":" + outputTokens + "}}";
    }

    @Test
    void plainChatRoundTripWithHeadersAndCacheUsage() {
        WM.stubFor(messages().withHeader("x-api-key", equalTo(KEY)).withHeader("anthropic-version", equalTo("2023-06-01"))
                .withHeader("content-type", matching("application/json.*")).withHeader("Authorization", absent())
                .withRequestBody(equalToJson(HELLO_JSON.formatted("false")))
                .willReturn(json(200, """
                        {"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
                         "content":[{"type":"text","text":"Hello!"}],"stop_reason":"end_turn","stop_sequence":null,
                         "usage":{"input_tokens":12,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000,"output_tokens":6}}""")));

        ChatResponse r = adapter().chat(HELLO, ctx());

        assertThat(r.id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
        assertThat(r.text()).isEqualTo("Hello!");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.usage()).isEqualTo(new Usage(2112, 6, 2118, 2000));
        assertThat(r.providerRequestId()).contains("req_011CTest");
    }

    @Test
    void streamingWithPingAndCumulativeUsage() {
        WM.stubFor(messages().withRequestBody(equalToJson(HELLO_JSON.formatted("true"))).willReturn(sse(
                "message_start", START,
                "content_block_start", TEXT_START,
                "ping", PING,
                "content_block_delta", textDelta(0, "Hello"),
                "ping", PING,
                "content_block_delta", textDelta(0, " there!"),
                "content_block_stop", blockStop(0),
                "message_delta", messageDelta("end_turn", 15),
                "message_stop", STOP)));

        try (ProviderStream s = adapter().stream(HELLO, streamCtx())) {
            List<ChatChunk> chunks = drain(s);
            assertThat(s.providerRequestId()).contains("req_011CStream");
            assertThat(chunks).filteredOn(c -> c.usage() != null).hasSize(1);
            ChatResponse r = join(chunks);
            assertThat(r.text()).isEqualTo("Hello there!");
            assertThat(r.id()).isEqualTo("msg_01Stream");
            assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(r.usage()).isEqualTo(new Usage(25, 15, 40, 0));
            assertThat(s.next()).as("stays ended").isNull();
        }
    }

    @Test
    void streamedToolUseJoinsInputJsonDeltaPieces() {
        WM.stubFor(messages().willReturn(sse(
                "message_start", START,
                "content_block_start", TEXT_START,
                "content_block_delta", textDelta(0, "Let me check."),
                "content_block_stop", blockStop(0),
                "content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
                        + "\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\",\"name\":\"get_weather\",\"input\":{}}}",
                "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}",
                "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"location\\\": \\\"San Fra\"}}",
                "ping", PING,
                "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"ncisco, CA\\\"}\"}}",
                "content_block_stop", blockStop(1),
                "message_delta", messageDelta("tool_use", 89),
                "message_stop", STOP)));

        try (ProviderStream s = adapter().stream(HELLO, streamCtx())) {
            ChatResponse r = join(drain(s));
            assertThat(r.text()).isEqualTo("Let me check.");
            assertThat(r.message().toolCalls()).containsExactly(
                    new ToolCall("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather", "{\"location\": \"San Francisco, CA\"}"));
            assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
            assertThat(r.usage().completionTokens()).isEqualTo(89);
        }
    }

    @Test
    void toolRoundTripSendsToolUseAndToolResultBlocks() {
        ToolDefinition weather = ToolDefinition.function("get_weather", "Weather in a city",
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
        ChatRequest request = ChatRequest.builder().model("claude-sonnet-4-5").user("Weather in Paris?")
                .message(ChatMessage.assistantToolCalls(null, List.of(new ToolCall("toolu_01", "get_weather", "{\"city\":\"Paris\"}"))))
                .message(ChatMessage.toolResult("toolu_01", "18C and sunny"))
                .tool(weather).maxTokens(512).build();
        WM.stubFor(messages().withRequestBody(equalToJson("""
                        {"model":"claude-sonnet-4-5","max_tokens":512,"stream":false,
                         "messages":[{"role":"user","content":"Weather in Paris?"},
                           {"role":"assistant","content":[{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}]},
                           {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01","content":"18C and sunny"}]}],
                         "tools":[{"name":"get_weather","description":"Weather in a city",
                           "input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]}"""))
                .willReturn(json(200, """
                        {"id":"msg_02","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                         "content":[{"type":"text","text":"And Rome?"},{"type":"tool_use","id":"toolu_02","name":"get_weather","input":{"city":"Rome"}}],
                         "stop_reason":"tool_use","usage":{"input_tokens":300,"output_tokens":40}}""")));

        ChatResponse r = adapter().chat(request, ctx());

        assertThat(r.text()).isEqualTo("And Rome?");
        assertThat(r.message().toolCalls()).containsExactly(new ToolCall("toolu_02", "get_weather", "{\"city\":\"Rome\"}"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void errorEventOnA200IsTypedByItsErrorType() {
        WM.stubFor(messages().willReturn(sse(
                "message_start", START,
                "content_block_start", TEXT_START,
                "content_block_delta", textDelta(0, "Once upon"),
                "error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));

        try (ProviderStream s = adapter().stream(HELLO, streamCtx())) {
            assertThat(s.next().text()).isEqualTo("Once upon");
            assertThatThrownBy(s::next).isInstanceOfSatisfying(ProviderOverloadedException.class, e -> {
                assertThat(e.error().type()).isEqualTo("overloaded_error");
                assertThat(e.error().requestId()).isEqualTo("req_011CStream");
            });
        }
    }

    @Test
    void refusalWithoutOutputIsAContentPolicyFailure() {
        WM.stubFor(messages().willReturn(json(200, """
                {"id":"msg_03","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],
                 "stop_reason":"refusal","usage":{"input_tokens":20,"output_tokens":0}}""")));
        assertThatThrownBy(() -> adapter().chat(HELLO, ctx())).isInstanceOfSatisfying(ContentPolicyException.class,
                e -> assertThat(e.error().requestId()).isEqualTo("req_011CTest"));
    }

    @Test
    void refusalMidStreamKeepsThePartialTextAsAContentFilterFinish() {
        WM.stubFor(messages().willReturn(sse("message_start", START, "content_block_start", TEXT_START,
                "content_block_delta", textDelta(0, "Here is how"), "content_block_stop", blockStop(0),
                "message_delta", messageDelta("refusal", 4), "message_stop", STOP)));
        try (ProviderStream s = adapter().stream(HELLO, streamCtx())) {
            ChatResponse r = join(drain(s));
            assertThat(r.text()).isEqualTo("Here is how");
            assertThat(r.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        }
    }

    @Test
    void contextWindowStopWithoutOutputIsAContextWindowException() {
        WM.stubFor(messages().willReturn(json(200, """
                {"id":"msg_04","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],
                 "stop_reason":"model_context_window_exceeded","usage":{"input_tokens":199990,"output_tokens":0}}""")));
        assertThatThrownBy(() -> adapter().chat(HELLO, ctx())).isInstanceOf(ContextWindowExceededException.class);

        WM.stubFor(messages().willReturn(sse("message_start", START,
                "message_delta", messageDelta("model_context_window_exceeded", 0), "message_stop", STOP)));
        try (ProviderStream s = adapter().stream(HELLO, streamCtx())) {
            assertThatThrownBy(s::next).isInstanceOf(ContextWindowExceededException.class);
        }
    }

    static Stream<Arguments> httpErrors() {
        return Stream.of(
                Arguments.of(400, "invalid_request_error", "prompt is too long: 208656 tokens > 200000 maximum", ContextWindowExceededException.class),
                Arguments.of(400, "invalid_request_error", "input length and `max_tokens` exceed context limit: 198000 + 8192 > 200000",
                        ContextWindowExceededException.class),
                Arguments.of(400, "invalid_request_error", "messages: roles must alternate", InvalidRequestException.class),
                Arguments.of(401, "authentication_error", "invalid x-api-key", AuthenticationException.class),
                Arguments.of(402, "billing_error", "Your credit balance is too low", InsufficientQuotaException.class),
                Arguments.of(403, "permission_error", "Your API key does not have permission", AuthenticationException.class),
                Arguments.of(404, "not_found_error", "model: claude-9", ModelNotFoundException.class),
                Arguments.of(413, "request_too_large", "Request exceeds the maximum allowed number of bytes", InvalidRequestException.class),
                Arguments.of(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit",
                        ProviderRateLimitException.class),
                Arguments.of(500, "api_error", "Internal server error", ProviderUnavailableException.class),
                Arguments.of(504, "timeout_error", "Request timed out", ProviderUnavailableException.class),
                Arguments.of(529, "overloaded_error", "Overloaded", ProviderOverloadedException.class));
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("httpErrors")
    void httpErrorsAreTypedOnChatAndStream(int status, String type, String message, Class<? extends ProviderException> expected) {
        WM.stubFor(messages().willReturn(json(status, "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\""
                + message.replace("`", "\\u0060") + "\"},\"request_id\":\"req_011CErr\"}")));

        assertThatThrownBy(() -> adapter().chat(HELLO, ctx())).isInstanceOfSatisfying(expected, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.error().type()).isEqualTo(type);
            assertThat(e.error().requestId()).isEqualTo("req_011CTest");
            assertThat(e.getMessage()).doesNotContain(KEY);
        });
        assertThatThrownBy(() -> adapter().stream(HELLO, streamCtx())).isInstanceOf(expected);
    }

    @Test
    void rateLimitCarriesRetryAfter() {
        WM.stubFor(messages().willReturn(json(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"rate limited\"}}")
                .withHeader("retry-after", "17").withHeader("anthropic-ratelimit-requests-remaining", "0")));
        assertThatThrownBy(() -> adapter().chat(HELLO, ctx())).isInstanceOfSatisfying(ProviderRateLimitException.class,
                e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(17)));
    }

    @Test
    void streamEndingBeforeMessageStopIsBroken() {
        WM.stubFor(messages().willReturn(sse("message_start", START, "content_block_start", TEXT_START,
                "content_block_delta", textDelta(0, "Half"), "message_delta", messageDelta("end_turn", 3))));
        try (ProviderStream s = adapter().stream(HELLO, streamCtx())) {
            assertThat(s.next().text()).isEqualTo("Half");
            assertThatThrownBy(s::next).isInstanceOf(StreamBrokenException.class).hasMessageContaining("message_stop");
        }
    }

    @Test
    void malformedEventDataIsAMalformedResponse() {
        WM.stubFor(messages().willReturn(sse("message_start", START, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,")));
        try (ProviderStream s = adapter().stream(HELLO, streamCtx())) {
            assertThatThrownBy(s::next).isInstanceOf(MalformedResponseException.class).hasMessageContaining("content_block_delta");
        }
    }

    @Test
    void wrongContentTypeIsAMalformedResponse() {
        WM.stubFor(messages().willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html>captive portal</html>")));
        assertThatThrownBy(() -> adapter().stream(HELLO, streamCtx())).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("text/html");
        assertThatThrownBy(() -> adapter().chat(HELLO, ctx())).isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void connectionResetMidStreamIsABrokenStream() throws Exception {
        String events = "event: message_start\ndata: " + START + "\n\nevent: content_block_delta\ndata: " + textDelta(0, "Once") + "\n\n";
        try (RawServer server = RawServer.resettingOnRelease(RawServer.chunked200("Content-Type: text/event-stream\r\nrequest-id: req_r\r\n",
                events))) {
            try (ProviderStream s = adapter(server.url()).stream(HELLO, streamCtx())) {
                assertThat(s.next().text()).isEqualTo("Once");
                server.release();
                assertThatThrownBy(s::next).isInstanceOf(StreamBrokenException.class);
            }
        }
    }

    @Test
    void theFirstChunkDeadlineSpansMessageStartAndPings() throws Exception {
        // message_start and ping carry nothing visible: a stall after them is bounded by the attempt limit
        String events = "event: message_start\ndata: " + START + "\n\nevent: ping\ndata: " + PING + "\n\n";
        try (RawServer server = new RawServer(RawServer.chunked200("Content-Type: text/event-stream\r\n", events), true,
                RawServer.Ending.CLOSE)) {
            long start = System.nanoTime();
            try (ProviderStream s = adapter(server.url()).stream(HELLO, CallContext.forStream(Duration.ofMillis(300),
                    Duration.ofSeconds(30), Duration.ofSeconds(4)))) {
                assertThatThrownBy(s::next).isInstanceOf(AttemptTimeoutException.class);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3000));
        }
    }

    @Test
    void connectionResetBeforeAnswerIsAConnectionFailure() {
        WM.stubFor(messages().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThatThrownBy(() -> adapter().chat(HELLO, ctx())).isInstanceOf(ProviderUnavailableException.class)
                .satisfies(e -> assertThat(((LlmRouterException) e).failureKind().wireName()).isEqualTo("connection"));
    }

    @Test
    void listModelsFollowsPagesWithContextWindows() {
        WM.stubFor(get(urlPathEqualTo("/v1/models")).withQueryParam("after_id", absent()).withHeader("x-api-key", equalTo(KEY))
                .willReturn(json(200, """
                        {"data":[{"type":"model","id":"claude-sonnet-4-5-20250929","display_name":"Claude Sonnet 4.5",
                                  "created_at":"2025-09-29T00:00:00Z","max_input_tokens":200000,"max_tokens":64000}],
                         "has_more":true,"first_id":"claude-sonnet-4-5-20250929","last_id":"claude-sonnet-4-5-20250929"}""")));
        WM.stubFor(get(urlPathEqualTo("/v1/models")).withQueryParam("after_id", equalTo("claude-sonnet-4-5-20250929"))
                .willReturn(json(200, """
                        {"data":[{"type":"model","id":"claude-3-haiku-20240307","display_name":"Claude Haiku 3","created_at":"2024-03-07T00:00:00Z"}],
                         "has_more":false,"first_id":"claude-3-haiku-20240307","last_id":"claude-3-haiku-20240307"}""")));

        assertThat(adapter().listModels(ctx())).containsExactly(ModelInfo.builder("claude-sonnet-4-5-20250929")
                .contextWindow(200_000).build(),
                ModelInfo.builder("claude-3-haiku-20240307").build());
    }

    @Test
    void probeUsesModelsAndReportsBadKeysWithoutThrowing() {
        WM.stubFor(get(urlPathEqualTo("/v1/models")).willReturn(json(200, "{\"data\":[],\"has_more\":false}")));
        ProbeResult ok = adapter().probe(ctx());
        assertThat(ok.healthy()).isTrue();
        assertThat(ok.reachable()).isTrue();

        WM.stubFor(get(urlPathEqualTo("/v1/models")).willReturn(json(401,
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key " + KEY + "\"}}")));
        ProbeResult bad = adapter().probe(ctx());
        assertThat(bad.healthy()).isFalse();
        assertThat(bad.reachable()).isTrue();
        assertThat(bad.httpStatus()).isEqualTo(401);
        assertThat(bad.detail()).contains("invalid x-api-key").doesNotContain(KEY);
    }

    @Test
    void trailingV1InTheBaseUrlIsTolerated() {
        WM.stubFor(messages().willReturn(json(200, "{\"id\":\"m\",\"type\":\"message\",\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],"
                + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}")));
        assertThat(adapter(WM.baseUrl() + "/v1/").chat(HELLO, ctx()).text()).isEqualTo("ok");
    }

    @Test
    void plainHttpIsRefusedUnlessAllowedOrLoopback() {
        assertThat(adapter(WM.baseUrl())).isNotNull(); // a loopback host (a local proxy or tunnel) may use http
        ProviderConfig insecure = ProviderConfig.builder("anthropic", ProviderType.ANTHROPIC).baseUrl("http://10.0.0.7:7002")
                .apiKey(Secret.of(KEY)).build();
        assertThatThrownBy(() -> new AnthropicAdapter(insecure, WM.resources())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("plain http").hasMessageNotContaining(KEY);
        ProviderConfig notAUrl = insecure.toBuilder().baseUrl("api.anthropic.com").build();
        assertThatThrownBy(() -> new AnthropicAdapter(notAUrl, WM.resources())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not an http(s) URL");
    }

    @Test
    void theKeyNeverAppearsInExceptionsOrToString() {
        WM.stubFor(messages().willReturn(json(401,
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key: " + KEY + "\"}}")));
        AnthropicAdapter adapter = adapter();
        assertThat(adapter.toString()).doesNotContain(KEY);
        assertThatThrownBy(() -> adapter.chat(HELLO, ctx())).isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.getMessage()).doesNotContain(KEY);
            assertThat(e.toString()).doesNotContain(KEY);
            assertThat(e.error().toString()).doesNotContain(KEY);
        });
    }

    @Test
    void theFactoryBuildsThisAdapterForItsType() {
        ProviderAdapter a = ProviderAdapters.create(ProviderConfig.builder("anthropic", ProviderType.ANTHROPIC).baseUrl("https://api.anthropic.com").apiKey(Secret.of(KEY)).build(), WM.resources());
        assertThat(a).isInstanceOf(AnthropicAdapter.class);
        assertThat(a.name()).isEqualTo("anthropic");
    }
}
