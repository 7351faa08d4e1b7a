package dev.llmrouter.internal.provider.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.llmrouter.internal.provider.testing.AdapterCalls.streamCtx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.llmrouter.api.AttemptTimeoutException;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.api.ProviderOverloadedException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamBrokenException;
import dev.llmrouter.api.StreamIdleTimeoutException;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.Usage;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ProviderStream;
import dev.llmrouter.spi.provider.ProviderType;
import dev.llmrouter.internal.provider.testing.RawServer;
import java.time.Duration;
import okhttp3.ConnectionPool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("contract")
class OpenAiStreamContractTest extends OpenAiWireMockBase {
    private static final String CHAT = "/v1/chat/completions";
    private static final ChatRequest REQ = ChatRequest.builder().model("m").user("hi").build();

    private static String chunk(String delta, String finish) {
        return "{\"id\":\"cc-1\",\"object\":\"chat.completion.chunk\",\"model\":\"m1\",\"choices\":[{\"index\":0,\"delta\":" + delta
                + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}],\"usage\":null}";
    }

    @Test
    void openAiToolCallDeltasOverChunksAndUsageOnlyLastChunk() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(sseResponse(sse(
                chunk("{\"role\":\"assistant\",\"content\":null}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"get_time\",\"arguments\":\"\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{}\"}}]}", null),
                chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}", null),
                chunk("{}", "tool_calls"),
                "{\"id\":\"cc-1\",\"object\":\"chat.completion.chunk\",\"model\":\"m1\",\"choices\":[],"
                        + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":11,\"total_tokens\":31,\"prompt_tokens_details\":{\"cached_tokens\":4}}}",
                "[DONE]"))));
        ProviderStream s = adapter(ProviderType.OPENAI, "").stream(REQ, streamCtx());
        assertThat(s.providerRequestId()).contains("req-s");
        ChatResponse r = drain(s);
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.message().toolCalls()).containsExactly(new ToolCall("call_a", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_b", "get_time", "{}"));
        assertThat(r.usage()).isEqualTo(new Usage(20, 11, 31, 4));
        assertThat(r.id()).isEqualTo("cc-1");
        WM.verify(postRequestedFor(urlEqualTo(CHAT)).withHeader("Accept", equalTo("text/event-stream"))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.stream_options.include_usage", equalTo("true"))));
    }

    @Test
    void textStreamSkipsEmptyChunksAndEndsAfterDone() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(sseResponse(sse(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null),
                chunk("{\"content\":\"Hel\"}", null), chunk("{\"content\":\"lo ✓\"}", null), chunk("{}", "stop"), "[DONE]"))));
        try (ProviderStream s = adapter(ProviderType.VLLM, "").stream(REQ, streamCtx())) {
            assertThat(s.next().text()).isEqualTo("Hel");
            assertThat(s.next().text()).isEqualTo("lo ✓");
            ChatChunk last = s.next();
            assertThat(last.finishReason()).contains(FinishReason.STOP);
            assertThat(s.next()).isNull();
            assertThat(s.next()).isNull();
        }
    }

    @Test
    void vllmErrorEventThenDoneIsItsTypedException() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(sseResponse(sse(chunk("{\"content\":\"par\"}", null),
                "{\"error\":{\"message\":\"Engine loop died\",\"type\":\"InternalServerError\",\"code\":500}}", "[DONE]"))));
        try (ProviderStream s = adapter(ProviderType.VLLM, "").stream(REQ, streamCtx())) {
            assertThat(s.next().text()).isEqualTo("par");
            assertThatThrownBy(s::next).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("Engine loop died");
        }
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(sseResponse(sse(
                "{\"error\":{\"message\":\"This model's maximum context length is 4096 tokens.\",\"type\":\"BadRequestError\",\"code\":400}}",
                "[DONE]"))));
        assertThatThrownBy(() -> drain(adapter(ProviderType.VLLM, "").stream(REQ, streamCtx())))
                .isInstanceOf(ContextWindowExceededException.class);
    }

    @Test
    void llamaCppErrorWithoutDoneIsItsTypedException() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(sseResponse(sse(chunk("{\"content\":\"a\"}", null),
                "{\"error\":{\"code\":400,\"message\":\"invalid grammar\",\"type\":\"invalid_request_error\"}}"))));
        assertThatThrownBy(() -> drain(adapter(ProviderType.LLAMA_CPP, "").stream(REQ, streamCtx())))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("invalid grammar");
    }

    @Test
    void llamaCppLoadingAnswersTheStreamWith503() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(json(503, "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}")));
        assertThatThrownBy(() -> adapter(ProviderType.LLAMA_CPP, "").stream(REQ, streamCtx())).isInstanceOf(ProviderOverloadedException.class);
    }

    @Test
    void openAiErrorEventAndAnthropicStyleOverload() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(sseResponse(sse(
                "{\"error\":{\"message\":\"The server is overloaded\",\"type\":\"overloaded_error\",\"param\":null,\"code\":null}}"))));
        assertThatThrownBy(() -> drain(adapter(ProviderType.OPENAI, "").stream(REQ, streamCtx())))
                .isInstanceOf(ProviderOverloadedException.class);
    }

    @Test
    void ollamaV1SeparateFinishChunkWithEmptyDelta() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(sseResponse(sse(
                chunk("{\"role\":\"assistant\",\"content\":\"Hi\"}", null),
                chunk("{\"role\":\"assistant\",\"content\":\"!\"}", null),
                chunk("{\"role\":\"assistant\",\"content\":\"\"}", "stop"),
                "{\"id\":\"cc-1\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}",
                "[DONE]"))));
        ChatResponse r = drain(adapter(ProviderType.OPENAI_COMPATIBLE, "/v1").stream(REQ, streamCtx()));
        assertThat(r.text()).isEqualTo("Hi!");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.usage()).isEqualTo(Usage.of(3, 2));
    }

    @Test
    void ollamaV1WholeToolCallInOneChunk() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(sseResponse(sse(
                chunk("{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"call_x\",\"index\":0,\"type\":\"function\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}]}", null),
                chunk("{\"role\":\"assistant\",\"content\":\"\"}", "tool_calls"), "[DONE]"))));
        ChatResponse r = drain(adapter(ProviderType.OPENAI_COMPATIBLE, "/v1").stream(REQ, streamCtx()));
        assertThat(r.message().toolCalls()).containsExactly(new ToolCall("call_x", "f", "{\"a\":1}"));
    }

    @Test
    void streamThatJustEndsIsBrokenNeverASuccess() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(sseResponse(sse(chunk("{\"content\":\"Hi\"}", null)))));
        try (ProviderStream s = adapter(ProviderType.OPENAI_COMPATIBLE, "/v1").stream(REQ, streamCtx())) {
            assertThat(s.next().text()).isEqualTo("Hi");
            assertThatThrownBy(s::next).isInstanceOf(StreamBrokenException.class).hasMessageContaining("finish_reason");
            assertThatThrownBy(s::next).as("a broken stream must not turn into a clean end").isInstanceOf(StreamBrokenException.class);
        }
    }

    @Test
    void doneWithoutFinishReasonIsBroken() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(sseResponse(sse(chunk("{\"content\":\"Hi\"}", null), "[DONE]"))));
        assertThatThrownBy(() -> drain(adapter(ProviderType.VLLM, "").stream(REQ, streamCtx())))
                .isInstanceOf(StreamBrokenException.class).hasMessageContaining("[DONE]");
    }

    @Test
    void deepSeekKeepAliveCommentsAndNoV1Path() {
        String body = ": keep-alive\n\n: keep-alive\r\n\r\n" + sse(chunk("{\"content\":\"ok\"}", null)) + ": keep-alive\n\n"
                + sse(chunk("{}", "stop"), "{\"id\":\"cc-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,"
                        + "\"total_tokens\":10,\"prompt_cache_hit_tokens\":8,\"prompt_cache_miss_tokens\":1}}", "[DONE]");
        WM.stubFor(post(urlEqualTo("/chat/completions")).willReturn(sseResponse(body)));
        ChatResponse r = drain(adapter(ProviderType.DEEPSEEK, "").stream(REQ, streamCtx()));
        assertThat(r.text()).isEqualTo("ok");
        assertThat(r.usage()).isEqualTo(new Usage(9, 1, 10, 8));
    }

    @Test
    void contentFilterBeforeAnyContentIsAContentPolicyFailure() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(sseResponse(sse(chunk("{\"role\":\"assistant\"}", null),
                chunk("{}", "content_filter"), "[DONE]"))));
        assertThatThrownBy(() -> drain(adapter(ProviderType.OPENAI, "").stream(REQ, streamCtx())))
                .isInstanceOf(ContentPolicyException.class);
    }

    @Test
    void malformedJsonChunkIsMalformed() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(sseResponse(sse(chunk("{\"content\":\"a\"}", null), "{\"id\":\"cc-1\",\"choices\":[{"))));
        try (ProviderStream s = adapter(ProviderType.VLLM, "").stream(REQ, streamCtx())) {
            s.next();
            assertThatThrownBy(s::next).isInstanceOf(MalformedResponseException.class).hasMessageContaining("{\"id\":\"cc-1\"");
        }
    }

    @Test
    void wrongContentTypeIsMalformed() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html><body>Sign in to the proxy</body></html>")));
        assertThatThrownBy(() -> adapter(ProviderType.VLLM, "").stream(REQ, streamCtx())).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("text/html");
    }

    @Test
    void oversizeLineIsMalformed() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(sseResponse(sse(chunk("{\"content\":\"" + "w".repeat(2000) + "\"}", null)))));
        OpenAiAdapter small = adapter(config(ProviderType.VLLM, WM.baseUrl()).maxLineBytes(256).build());
        assertThatThrownBy(() -> drain(small.stream(REQ, streamCtx()))).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("256 bytes");
    }

    @Test
    void noFirstChunkInTimeIsAnAttemptTimeout() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(sseResponse(sse(chunk("{}", "stop"), "[DONE]")).withFixedDelay(10_000)));
        long start = System.nanoTime();
        assertThatThrownBy(() -> drain(adapter(ProviderType.VLLM, "").stream(REQ,
                CallContext.forStream(Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ofSeconds(10)))))
                .isInstanceOf(AttemptTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theFirstChunkDeadlineSpansAnEmptyRoleChunkAndKeepAlives() throws Exception {
        // the server opens with the role-only chunk and a keep-alive comment, then stalls: nothing
        // visible arrived, so the attempt (first-chunk) limit applies, not the longer idle limit
        String head = sse(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null)) + ": keep-alive\n\n";
        try (RawServer server = new RawServer(RawServer.chunked200("Content-Type: text/event-stream\r\n", head), true,
                RawServer.Ending.CLOSE)) {
            OpenAiAdapter a = adapter(config(ProviderType.VLLM, server.url()).build());
            long start = System.nanoTime();
            try (ProviderStream s = a.stream(REQ, CallContext.forStream(Duration.ofMillis(300), Duration.ofSeconds(30),
                    Duration.ofSeconds(4)))) {
                assertThatThrownBy(s::next).isInstanceOf(AttemptTimeoutException.class);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3000));
        }
    }

    @Test
    void slowDribbledStreamHitsTheIdleTimeout() {
        String body = sse(chunk("{\"content\":\"a\"}", null)) + ":" + "p".repeat(300) + "\n\n" + sse(chunk("{}", "stop"), "[DONE]");
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(sseResponse(body).withChunkedDribbleDelay(2, 2_000)));
        try (ProviderStream s = adapter(ProviderType.VLLM, "").stream(REQ,
                CallContext.forStream(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(300)))) {
            assertThat(s.next().text()).isEqualTo("a");
            assertThatThrownBy(s::next).isInstanceOf(StreamIdleTimeoutException.class);
        }
    }

    @Test
    void closingAStreamEarlyFreesTheConnection() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            many.append(sse(chunk("{\"content\":\"t" + i + "\"}", null)));
        }
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(sseResponse(many.toString()).withChunkedDribbleDelay(50, 10_000)));
        ProviderStream s = adapter(ProviderType.VLLM, "").stream(REQ, streamCtx());
        assertThat(s.next().text()).isEqualTo("t0");
        ConnectionPool pool = WM.resources().http().connectionPool();
        assertThat(pool.connectionCount() - pool.idleConnectionCount()).isEqualTo(1);
        s.close();
        assertThat(pool.connectionCount() - pool.idleConnectionCount()).isZero();
    }

    @Test
    void completedStreamReturnsItsConnectionToThePool() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(sseResponse(sse(chunk("{\"content\":\"x\"}", "stop"), "[DONE]"))));
        drain(adapter(ProviderType.VLLM, "").stream(REQ, streamCtx()));
        ConnectionPool pool = WM.resources().http().connectionPool();
        assertThat(pool.connectionCount() - pool.idleConnectionCount()).isZero();
    }

    @Test
    void aStreamEndedByDoneKeepsItsConnectionForTheNextCall() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(sseResponse(sse(chunk("{\"content\":\"x\"}", "stop"), "[DONE]"))));
        ConnectionPool pool = WM.resources().http().connectionPool();
        pool.evictAll();

        drain(adapter(ProviderType.VLLM, "").stream(REQ, streamCtx()));

        // kept idle, not cancelled: the next stream does not pay for a new connection
        assertThat(pool.idleConnectionCount()).isEqualTo(1);
        assertThat(pool.connectionCount()).isEqualTo(1);
    }

    @Test
    void connectionResetMidStreamIsBroken() throws Exception {
        try (RawServer server = RawServer.resettingOnRelease(
                RawServer.chunked200("Content-Type: text/event-stream\r\n", sse(chunk("{\"content\":\"part\"}", null))))) {
            OpenAiAdapter a = adapter(config(ProviderType.VLLM, server.url()).build());
            try (ProviderStream s = a.stream(REQ, streamCtx())) {
                assertThat(s.next().text()).isEqualTo("part");
                server.release();
                assertThatThrownBy(s::next).isInstanceOf(StreamBrokenException.class);
            }
        }
    }
}
