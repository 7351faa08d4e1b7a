package dev.llmrouter.internal.provider.ollama;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
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
import dev.llmrouter.api.ContentPart;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.api.ModelNotFoundException;
import dev.llmrouter.api.ProviderOverloadedException;
import dev.llmrouter.api.ProviderRateLimitException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamBrokenException;
import dev.llmrouter.api.StreamIdleTimeoutException;
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

/** Ollama's native API as WIRE.md section 2 describes it, quirks and errors included. */
@Tag("contract")
class OllamaAdapterContractTest {
    @RegisterExtension
    static final ProviderWireMock WM = ProviderWireMock.withoutGzip(); // Ollama never gzips, and gzip would hold dribbled pieces back

    private static final String NDJSON = "application/x-ndjson";
    private static final ChatRequest HELLO = ChatRequest.builder().model("llama3.1:latest").user("Hi").build();

    private static OllamaAdapter adapter() {
        return adapter(ProviderConfig.builder("local-ollama", ProviderType.OLLAMA).baseUrl(WM.baseUrl()).build());
    }

    private static OllamaAdapter adapter(ProviderConfig config) {
        return new OllamaAdapter(config, WM.resources());
    }

    private static MappingBuilder chat() {
        return post(urlEqualTo("/api/chat"));
    }

    private static ResponseDefinitionBuilder ndjson(String... lines) {
        return aResponse().withStatus(200).withHeader("Content-Type", NDJSON).withBody(String.join("\n", lines) + "\n");
    }

    private static ResponseDefinitionBuilder error(int status, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"error\":\"" + message.replace("\"", "\\\"") + "\"}");
    }

    @Test
    void plainChatRoundTrip() {
        WM.stubFor(chat().withRequestBody(equalToJson("""
                        {"model":"llama3.1:latest","messages":[{"role":"user","content":"Hi"}],"stream":false}"""))
                .willReturn(aResponse().withHeader("Content-Type", "application/json; charset=utf-8").withBody("""
                        {"model":"llama3.1:latest","created_at":"2025-05-01T10:00:00.000Z",
                         "message":{"role":"assistant","content":"Hello! How can I help?"},
                         "done":true,"done_reason":"stop","total_duration":500000000,"load_duration":1000000,
                         "prompt_eval_count":11,"prompt_eval_duration":2000000,"eval_count":7,"eval_duration":300000000}""")));

        ChatResponse r = adapter().chat(HELLO, ctx());

        assertThat(r.text()).isEqualTo("Hello! How can I help?");
        assertThat(r.model()).isEqualTo("llama3.1:latest");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.usage()).isEqualTo(Usage.of(11, 7));
    }

    @Test
    void streamingWithTheDoneLine() {
        WM.stubFor(chat().withRequestBody(equalToJson("""
                        {"model":"llama3.1:latest","messages":[{"role":"user","content":"Hi"}],"stream":true,
                         "options":{"num_ctx":4096,"num_predict":64},"keep_alive":"10m"}"""))
                .willReturn(ndjson(
                        "{\"model\":\"llama3.1:latest\",\"created_at\":\"t\",\"message\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"done\":false}",
                        "{\"model\":\"llama3.1:latest\",\"created_at\":\"t\",\"message\":{\"role\":\"assistant\",\"content\":\"lo\"},\"done\":false}",
                        "{\"model\":\"llama3.1:latest\",\"created_at\":\"t\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
                                + "\"done_reason\":\"length\",\"total_duration\":1,\"prompt_eval_count\":20,\"eval_count\":64}")));
        OllamaAdapter adapter = adapter(ProviderConfig.builder("o", ProviderType.OLLAMA).baseUrl(WM.baseUrl())
                .keepAlive("10m").numCtx(4096).build());

        try (ProviderStream s = adapter.stream(HELLO.toBuilder().maxTokens(64).build(), streamCtx())) {
            List<ChatChunk> chunks = drain(s);
            assertThat(chunks).extracting(ChatChunk::text).containsExactly("Hel", "lo", "");
            ChatResponse r = join(chunks);
            assertThat(r.text()).isEqualTo("Hello");
            assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(r.usage()).isEqualTo(Usage.of(20, 64));
            assertThat(s.next()).as("stays ended").isNull();
        }
    }

    @Test
    void toolCallRoundTripWithArgumentsAsObjects() {
        ToolDefinition weather = ToolDefinition.function("get_weather", "Weather in a city",
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
        ChatRequest request = ChatRequest.builder().model("qwen3").user("Weather in Paris?")
                .message(ChatMessage.assistantToolCalls(null, List.of(new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}"))))
                .message(ChatMessage.toolResult("call_0", "18C and sunny"))
                .tool(weather).build();
        WM.stubFor(chat().withRequestBody(equalToJson("""
                        {"model":"qwen3","stream":false,
                         "messages":[{"role":"user","content":"Weather in Paris?"},
                           {"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}}}]},
                           {"role":"tool","content":"18C and sunny","tool_name":"get_weather"}],
                         "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather in a city",
                           "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}"""))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                        {"model":"qwen3","message":{"role":"assistant","content":"",
                          "tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Rome"}}}]},
                         "done":true,"done_reason":"stop","prompt_eval_count":80,"eval_count":20}""")));

        ChatResponse r = adapter().chat(request, ctx());

        assertThat(r.message().toolCalls()).containsExactly(new ToolCall("call_0", "get_weather", "{\"city\":\"Rome\"}"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void streamedToolCallArrivesWholeInADoneFalseLine() {
        WM.stubFor(chat().willReturn(ndjson(
                "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                        + "{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}},"
                        + "{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Rome\"}}}]},\"done\":false}",
                "{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\","
                        + "\"prompt_eval_count\":50,\"eval_count\":30}")));

        try (ProviderStream s = adapter().stream(HELLO, streamCtx())) {
            ChatResponse r = join(drain(s));
            assertThat(r.message().toolCalls()).containsExactly(new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}"),
                    new ToolCall("call_1", "get_weather", "{\"city\":\"Rome\"}"));
            assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        }
    }

    @Test
    void midStreamErrorLineOnA200IsTyped() {
        WM.stubFor(chat().willReturn(ndjson(
                "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"Once\"},\"done\":false}",
                "{\"error\":\"an error was encountered while running the model: CUDA error: out of memory\"}")));

        try (ProviderStream s = adapter().stream(HELLO, streamCtx())) {
            assertThat(s.next().text()).isEqualTo("Once");
            assertThatThrownBy(s::next).isInstanceOf(StreamBrokenException.class).hasMessageContaining("CUDA error: out of memory");
        }
    }

    @Test
    void midStreamBusyErrorLineIsOverloaded() {
        WM.stubFor(chat().willReturn(ndjson("{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}")));
        try (ProviderStream s = adapter().stream(HELLO, streamCtx())) {
            assertThatThrownBy(s::next).isInstanceOf(ProviderOverloadedException.class);
        }
    }

    @Test
    void endOfInputBeforeTheDoneLineIsABrokenStream() {
        WM.stubFor(chat().willReturn(ndjson("{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"Once\"},\"done\":false}")));
        try (ProviderStream s = adapter().stream(HELLO, streamCtx())) {
            assertThat(s.next().text()).isEqualTo("Once");
            assertThatThrownBy(s::next).isInstanceOf(StreamBrokenException.class).hasMessageContaining("before its done line");
        }
    }

    @Test
    void streamCutInTheMiddleOfALineIsABrokenStream() {
        WM.stubFor(chat().willReturn(aResponse().withHeader("Content-Type", NDJSON)
                .withBody("{\"model\":\"m\",\"message\":{\"content\":\"a\"},\"done\":false}\n{\"model\":\"m\",\"mess")));
        try (ProviderStream s = adapter().stream(HELLO, streamCtx())) {
            assertThat(s.next().text()).isEqualTo("a");
            assertThatThrownBy(s::next).isInstanceOf(StreamBrokenException.class);
        }
    }

    @Test
    void malformedJsonLineIsAMalformedResponse() {
        WM.stubFor(chat().willReturn(ndjson("{\"model\":\"m\",\"message\":{\"content\":\"a\"},\"done\":false}", "{not json at all}",
                "{\"done\":true}")));
        try (ProviderStream s = adapter().stream(HELLO, streamCtx())) {
            s.next();
            assertThatThrownBy(s::next).isInstanceOf(MalformedResponseException.class).hasMessageContaining("not json at all");
        }
    }

    @Test
    void wrongContentTypeIsAMalformedResponse() {
        WM.stubFor(chat().willReturn(aResponse().withHeader("Content-Type", "text/html").withBody("<html>proxy login</html>")));
        assertThatThrownBy(() -> adapter().stream(HELLO, streamCtx())).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("text/html");
    }

    @Test
    void connectionResetMidStreamIsABrokenStream() throws Exception {
        String line = "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"Once\"},\"done\":false}\n";
        try (RawServer server = RawServer.resettingOnRelease(RawServer.chunked200("Content-Type: application/x-ndjson\r\n", line))) {
            OllamaAdapter adapter = adapter(ProviderConfig.builder("o", ProviderType.OLLAMA).baseUrl(server.url()).build());
            try (ProviderStream s = adapter.stream(HELLO, streamCtx())) {
                assertThat(s.next().text()).isEqualTo("Once");
                server.release();
                assertThatThrownBy(s::next).isInstanceOf(StreamBrokenException.class);
            }
        }
    }

    @Test
    void theFirstChunkDeadlineSpansEmptyLines() throws Exception {
        // a line with empty content (a model still loading or thinking) is nothing visible: the attempt limit still runs
        String line = "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":false}\n";
        try (RawServer server = new RawServer(RawServer.chunked200("Content-Type: application/x-ndjson\r\n", line), true,
                RawServer.Ending.CLOSE)) {
            OllamaAdapter adapter = adapter(ProviderConfig.builder("o", ProviderType.OLLAMA).baseUrl(server.url()).build());
            long start = System.nanoTime();
            try (ProviderStream s = adapter.stream(HELLO, CallContext.forStream(Duration.ofMillis(300), Duration.ofSeconds(30),
                    Duration.ofSeconds(4)))) {
                assertThatThrownBy(s::next).isInstanceOf(AttemptTimeoutException.class);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3000));
        }
    }

    @Test
    void slowDribbledStreamHitsTheIdleTimeout() {
        WM.stubFor(chat().willReturn(ndjson("{\"message\":{\"content\":\"a\"},\"done\":false}",
                "{\"message\":{\"content\":\"b\"},\"done\":false}", "{\"done\":true}").withChunkedDribbleDelay(2, 1_000)));
        CallContext tight = CallContext.forStream(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofMillis(300));
        try (ProviderStream s = adapter().stream(HELLO, tight)) {
            assertThat(s.next().text()).as("the first dribbled piece holds one whole line").isEqualTo("a");
            assertThatThrownBy(s::next).isInstanceOf(StreamIdleTimeoutException.class);
        }
    }

    @Test
    void connectionResetBeforeAnswerIsAConnectionFailure() {
        WM.stubFor(chat().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThatThrownBy(() -> adapter().chat(HELLO, ctx())).isInstanceOf(ProviderUnavailableException.class);
    }

    static Stream<Arguments> httpErrors() {
        return Stream.of(
                Arguments.of(400, "invalid options: num_ctx must be positive", InvalidRequestException.class),
                Arguments.of(404, "model 'llama9:latest' not found, try pulling it first", ModelNotFoundException.class),
                Arguments.of(429, "too many requests", ProviderRateLimitException.class),
                Arguments.of(500, "llama runner process has terminated: exit status 2", ProviderUnavailableException.class),
                Arguments.of(502, "cloud model unreachable", ProviderUnavailableException.class),
                Arguments.of(503, "server busy, please try again.  maximum pending requests exceeded", ProviderOverloadedException.class),
                Arguments.of(400, "{\"error\":{\"code\":400,\"message\":\"request (13392 tokens) exceeds the available context size"
                        + " (8192 tokens), try increasing it\",\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":13392,"
                        + "\"n_ctx\":8192}}", ContextWindowExceededException.class));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("httpErrors")
    void httpErrorsAreTypedOnChatAndStream(int status, String message, Class<? extends LlmRouterException> type) {
        WM.stubFor(chat().willReturn(error(status, message)));

        assertThatThrownBy(() -> adapter().chat(HELLO, ctx())).isInstanceOf(type)
                .satisfies(e -> assertThat(((LlmRouterException) e).status()).isEqualTo(status));
        assertThatThrownBy(() -> adapter().stream(HELLO, streamCtx())).isInstanceOf(type);
    }

    @Test
    void rateLimitKeepsTheRetryHint() {
        WM.stubFor(chat().willReturn(error(429, "you have reached your hourly usage limit").withHeader("Retry-After", "30")));
        assertThatThrownBy(() -> adapter().chat(HELLO, ctx())).isInstanceOfSatisfying(ProviderRateLimitException.class,
                e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(30)));
    }

    @Test
    void listModelsFromTagsWithTheLoadedFlagFromPs() {
        WM.stubFor(get(urlEqualTo("/api/tags")).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                {"models":[
                  {"name":"llama3.1:latest","model":"llama3.1:latest","modified_at":"2025-05-01T10:00:00Z","size":4920753328,
                   "digest":"46e0c10c039e","details":{"family":"llama","parameter_size":"8.0B","quantization_level":"Q4_K_M"}},
                  {"name":"qwen2.5-coder:7b","model":"qwen2.5-coder:7b","modified_at":"2025-05-01T10:00:00Z","size":4683087332,
                   "digest":"2b0496514337","details":{"family":"qwen2","parameter_size":"7.6B","quantization_level":"Q4_K_M"}}]}""")));
        WM.stubFor(get(urlEqualTo("/api/ps")).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                {"models":[{"name":"qwen2.5-coder:7b","model":"qwen2.5-coder:7b","size":6654289920,"digest":"2b0496514337",
                  "details":{"family":"qwen2"},"expires_at":"2025-05-01T10:05:00Z","size_vram":6654289920}]}""")));

        assertThat(adapter().listModels(ctx())).containsExactly(ModelInfo.builder("llama3.1:latest").loaded(false)
                .build(),
                ModelInfo.builder("qwen2.5-coder:7b").build());
    }

    @Test
    void listModelsCountsEveryModelLoadedWhenPsIsMissing() {
        WM.stubFor(get(urlEqualTo("/api/tags")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"models\":[{\"name\":\"gpt-oss:120b\",\"model\":\"gpt-oss:120b\"}]}")));
        WM.stubFor(get(urlEqualTo("/api/ps")).willReturn(error(404, "404 page not found")));
        assertThat(adapter().listModels(ctx())).containsExactly(ModelInfo.builder("gpt-oss:120b").build());
    }

    @Test
    void probeUsesTagsOrTheConfiguredPath() {
        WM.stubFor(get(urlEqualTo("/api/tags")).willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"models\":[]}")));
        WM.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withBody("Ollama is running")));

        ProbeResult tags = adapter().probe(ctx());
        assertThat(tags.healthy()).isTrue();
        assertThat(tags.httpStatus()).isEqualTo(200);
        ProbeResult root = adapter(ProviderConfig.builder("o", ProviderType.OLLAMA).baseUrl(WM.baseUrl()).healthPath("/").build()).probe(ctx());
        assertThat(root.healthy()).isTrue();
        ProbeResult absolute = adapter(ProviderConfig.builder("o", ProviderType.OLLAMA).baseUrl("http://127.0.0.1:1")
                .healthPath(WM.baseUrl() + "/").build()).probe(ctx());
        assertThat(absolute.healthy()).isTrue();
        WM.verify(2, getRequestedFor(urlEqualTo("/")));
    }

    @Test
    void probeReportsADownServerWithoutThrowing() {
        WM.stubFor(get(urlEqualTo("/api/tags")).willReturn(error(500, "internal error")));
        ProbeResult failing = adapter().probe(ctx());
        assertThat(failing.healthy()).isFalse();
        assertThat(failing.reachable()).isTrue();
        assertThat(failing.httpStatus()).isEqualTo(500);

        WM.stubFor(get(urlEqualTo("/api/tags")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        ProbeResult down = adapter().probe(ctx());
        assertThat(down.healthy()).isFalse();
        assertThat(down.reachable()).isFalse();
        assertThat(down.detail()).isNotEmpty();
    }

    @Test
    void versionFromApiVersion() {
        WM.stubFor(get(urlEqualTo("/api/version")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"version\":\"0.12.6\"}")));
        assertThat(adapter().version(ctx())).isEqualTo("0.12.6");
    }

    @Test
    void ollamaCloudSendsTheBearerKeyAndNeverPrintsIt() {
        String key = "ollama-cloud-key-9f8e7d6c5b4a";
        ProviderConfig cloud = ProviderConfig.builder("ollama-cloud", ProviderType.OLLAMA).baseUrl(WM.baseUrl() + "/")
                .apiKey(Secret.of(key)).build();
        WM.stubFor(chat().withHeader("Authorization", equalTo("Bearer " + key)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"model\":\"gpt-oss:120b\",\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"hi\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":1,\"eval_count\":1}")));
        OllamaAdapter adapter = adapter(cloud);
        assertThat(adapter.chat(HELLO, ctx()).text()).isEqualTo("hi");
        assertThat(adapter.toString()).doesNotContain(key);

        WM.stubFor(chat().willReturn(error(401, "unauthorized: invalid key " + key)));
        assertThatThrownBy(() -> adapter.chat(HELLO, ctx())).isInstanceOf(AuthenticationException.class)
                .satisfies(e -> assertThat(e.getMessage() + e).doesNotContain(key))
                .satisfies(e -> assertThat(((AuthenticationException) e).error().toString()).doesNotContain(key));
    }

    @Test
    void trailingApiOrV1PathInTheBaseUrlIsTolerated() {
        WM.stubFor(chat().willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(
                "{\"message\":{\"content\":\"ok\"},\"done\":true}")));
        for (String suffix : List.of("/v1", "/api/", "/")) {
            OllamaAdapter a = adapter(ProviderConfig.builder("o", ProviderType.OLLAMA).baseUrl(WM.baseUrl() + suffix).build());
            assertThat(a.chat(HELLO, ctx()).text()).isEqualTo("ok");
        }
    }

    @Test
    void imageByUrlFailsBeforeAnyCall() {
        ChatRequest request = ChatRequest.builder().model("llava").message(ChatMessage.user(List.of(ContentPart.text("What?"),
                ContentPart.imageUrl("https://example.com/cat.png")))).build();
        assertThatThrownBy(() -> adapter().chat(request, ctx())).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("only base64");
        WM.verify(0, postRequestedFor(urlEqualTo("/api/chat")));
    }

    @Test
    void theFactoryBuildsThisAdapterForItsType() {
        ProviderAdapter a = ProviderAdapters.create(ProviderConfig.builder("local-ollama", ProviderType.OLLAMA).baseUrl(WM.baseUrl()).build(), WM.resources());
        assertThat(a).isInstanceOf(OllamaAdapter.class);
        assertThat(a.name()).isEqualTo("local-ollama");
    }
}
