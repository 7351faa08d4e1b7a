package dev.llmrouter.internal.provider.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.llmrouter.internal.provider.testing.AdapterCalls.ctx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.llmrouter.api.AttemptTimeoutException;
import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentPart;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.InsufficientQuotaException;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.api.ModelNotFoundException;
import dev.llmrouter.api.ProviderOverloadedException;
import dev.llmrouter.api.ProviderRateLimitException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.ResponseFormat;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.ToolDefinition;
import dev.llmrouter.api.Usage;
import dev.llmrouter.config.Secret;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ProviderType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Tag("contract")
class OpenAiChatContractTest extends OpenAiWireMockBase {

    private static final String COMPLETION = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-2024","choices":[{"index":0,
            "message":{"role":"assistant","content":"Hi there"},"finish_reason":"stop"}],
            "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15,"prompt_tokens_details":{"cached_tokens":8}}}""";

    private static ChatRequest simple(int maxTokens) {
        return ChatRequest.builder().model("m").message(ChatMessage.developer("be brief")).user("hello").maxTokens(maxTokens).build();
    }

    @Test
    void openAiRequestMappingAndResponse() {
        WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(200, COMPLETION).withHeader("x-request-id", "req_42")));
        OpenAiAdapter a = adapter(config(ProviderType.OPENAI, WM.baseUrl()).apiKey(Secret.of(KEY)).header("OpenAI-Organization", "org-1")
                .build());
        ChatRequest req = ChatRequest.builder().model("gpt-4o")
                .message(ChatMessage.developer("be brief"))
                .message(ChatMessage.user(List.of(ContentPart.text("what is this?"), ContentPart.imageBase64("image/png", "iVBORw0"),
                        ContentPart.imageUrl("https://x/y.png").withDetail("low"))))
                .message(ChatMessage.assistantToolCalls(null, List.of(new ToolCall("call_1", "lookup", "{\"q\":\"x\"}"))))
                .message(ChatMessage.toolResult("call_1", "42"))
                .temperature(0.2).topP(0.9).maxTokens(100).stop(List.of("END")).seed(7).presencePenalty(0.1).frequencyPenalty(0.3)
                .tool(new ToolDefinition("lookup", "find things", "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}", true))
                .toolChoice(ToolChoice.function("lookup")).parallelToolCalls(false)
                .responseFormat(ResponseFormat.jsonSchema("answer", "{\"type\":\"object\"}", true))
                .build();

        ChatResponse r = a.chat(req, ctx());

        assertThat(r.text()).isEqualTo("Hi there");
        assertThat(r.id()).isEqualTo("chatcmpl-1");
        assertThat(r.model()).isEqualTo("gpt-4o-2024");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.rawFinishReason()).contains("stop");
        assertThat(r.usage()).isEqualTo(new Usage(12, 3, 15, 8));
        assertThat(r.providerRequestId()).contains("req_42");
        WM.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withHeader("Authorization", equalTo("Bearer " + KEY))
                .withHeader("OpenAI-Organization", equalTo("org-1"))
                .withRequestBody(equalToJson("""
                        {"model":"gpt-4o","messages":[
                          {"role":"developer","content":"be brief"},
                          {"role":"user","content":[{"type":"text","text":"what is this?"},
                             {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0"}},
                             {"type":"image_url","image_url":{"url":"https://x/y.png","detail":"low"}}]},
                          {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                             "function":{"name":"lookup","arguments":"{\\"q\\":\\"x\\"}"}}]},
                          {"role":"tool","content":"42","tool_call_id":"call_1"}],
                         "temperature":0.2,"top_p":0.9,"max_completion_tokens":100,"stop":["END"],"seed":7,
                         "presence_penalty":0.1,"frequency_penalty":0.3,
                         "tools":[{"type":"function","function":{"name":"lookup","description":"find things",
                            "parameters":{"type":"object","properties":{"q":{"type":"string"}}},"strict":true}}],
                         "tool_choice":{"type":"function","function":{"name":"lookup"}},"parallel_tool_calls":false,
                         "response_format":{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object"},"strict":true}}}
                        """)));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"VLLM", "LLAMA_CPP", "DEEPSEEK", "OPENAI_COMPATIBLE"})
    void othersGetMaxTokensAndSystemInsteadOfDeveloper(ProviderType type) {
        String path = type == ProviderType.DEEPSEEK ? "/chat/completions" : type == ProviderType.OPENAI_COMPATIBLE
                ? "/compat/chat/completions" : "/v1/chat/completions";
        WM.stubFor(post(urlEqualTo(path)).willReturn(json(200, COMPLETION)));
        OpenAiAdapter a = adapter(type, type == ProviderType.OPENAI_COMPATIBLE ? "/compat" : "");
        a.chat(simple(64), ctx());
        WM.verify(postRequestedFor(urlEqualTo(path))
                .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("64")))
                .withRequestBody(WireMock.notContaining("max_completion_tokens"))
                .withRequestBody(matchingJsonPath("$.messages[0].role", equalTo("system")))
                .withRequestBody(WireMock.notContaining("\"stream\"")));
    }

    @Test
    void openAiGetsMaxCompletionTokensOnly() {
        WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(200, COMPLETION)));
        adapter(ProviderType.OPENAI, "/v1/").chat(simple(64), ctx());
        WM.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.max_completion_tokens", equalTo("64")))
                .withRequestBody(WireMock.notContaining("\"max_tokens\"")));
    }

    @Test
    void noKeyMeansNoAuthorizationHeader() {
        WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(200, COMPLETION)));
        adapter(config(ProviderType.VLLM, WM.baseUrl()).build()).chat(simple(5), ctx());
        WM.verify(postRequestedFor(urlEqualTo("/v1/chat/completions")).withoutHeader("Authorization"));
    }

    @Test
    void toolCallResponse() {
        WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(200, """
                {"id":"c2","model":"gpt-4o","choices":[{"index":0,"message":{"role":"assistant","content":null,
                "tool_calls":[{"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}},
                {"id":"call_b","type":"function","function":{"name":"get_time","arguments":"{}"}}]},"finish_reason":"tool_calls"}],
                "usage":{"prompt_tokens":5,"completion_tokens":9,"total_tokens":14}}""")));
        ChatResponse r = adapter(ProviderType.OPENAI, "").chat(simple(10), ctx());
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.message().toolCalls()).containsExactly(new ToolCall("call_a", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_b", "get_time", "{}"));
        assertThat(r.text()).isEmpty();
    }

    @Test
    void deepSeekCacheHitTokensAndNoV1Path() {
        WM.stubFor(post(urlEqualTo("/chat/completions")).willReturn(json(200, """
                {"id":"d1","model":"deepseek-chat","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},
                "finish_reason":"stop"}],"usage":{"prompt_tokens":100,"completion_tokens":2,"total_tokens":102,
                "prompt_cache_hit_tokens":64,"prompt_cache_miss_tokens":36}}""")));
        ChatResponse r = adapter(ProviderType.DEEPSEEK, "/").chat(simple(5), ctx());
        assertThat(r.usage()).isEqualTo(new Usage(100, 2, 102, 64));
    }

    @Test
    void contentFilterWithoutContentIsAContentPolicyFailure() {
        WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(200, """
                {"id":"c3","choices":[{"index":0,"message":{"role":"assistant","content":null},"finish_reason":"content_filter"}]}""")));
        assertThatThrownBy(() -> adapter(ProviderType.OPENAI, "").chat(simple(5), ctx())).isInstanceOf(ContentPolicyException.class);
    }

    @Test
    void invalidJsonAndMissingChoicesAreMalformed() {
        WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(200, "{\"id\":\"x\",\"choices\":[{\"message\":")));
        assertThatThrownBy(() -> adapter(ProviderType.VLLM, "").chat(simple(5), ctx())).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("not valid JSON");
        WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(200, "{\"id\":\"x\",\"choices\":[]}")));
        assertThatThrownBy(() -> adapter(ProviderType.VLLM, "").chat(simple(5), ctx())).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("choices[0].message");
    }

    @Test
    void vllmStringUnauthorizedAndOldFlatError() {
        WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(401, "{\"error\":\"Unauthorized\"}")));
        assertThatThrownBy(() -> adapter(ProviderType.VLLM, "").chat(simple(5), ctx())).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("Unauthorized").satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
        WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(400, """
                {"object":"error","message":"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.",
                "type":"BadRequestError","param":null,"code":400}""")));
        assertThatThrownBy(() -> adapter(ProviderType.VLLM, "").chat(simple(5), ctx()))
                .isInstanceOf(ContextWindowExceededException.class);
        WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(404, """
                {"error":{"message":"The model `m` does not exist.","type":"NotFoundError","param":null,"code":404}}""")));
        assertThatThrownBy(() -> adapter(ProviderType.VLLM, "").chat(simple(5), ctx())).isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void openAiErrorsWithRetryHints() {
        WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(429, """
                {"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}}""")
                .withHeader("retry-after", "3").withHeader("x-request-id", "req_rl")));
        assertThatThrownBy(() -> adapter(ProviderType.OPENAI, "").chat(simple(5), ctx())).isInstanceOf(ProviderRateLimitException.class)
                .satisfies(e -> {
                    LlmRouterException ex = (LlmRouterException) e;
                    assertThat(ex.retryAfter()).contains(Duration.ofSeconds(3));
                    assertThat(ex.status()).isEqualTo(429);
                    assertThat(ex.getMessage()).contains("req_rl");
                });
        WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(429, """
                {"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""")));
        assertThatThrownBy(() -> adapter(ProviderType.OPENAI, "").chat(simple(5), ctx())).isInstanceOf(InsufficientQuotaException.class);
        WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(400, """
                {"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model.",
                "type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}""")));
        assertThatThrownBy(() -> adapter(ProviderType.OPENAI, "").chat(simple(5), ctx())).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void llamaCppLoadingIsOverloaded() {
        WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(503,
                "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}")));
        assertThatThrownBy(() -> adapter(ProviderType.LLAMA_CPP, "").chat(simple(5), ctx())).isInstanceOf(ProviderOverloadedException.class)
                .hasMessageContaining("Loading model");
    }

    @Test
    void badToolSchemaIsTheCallersInvalidRequest() {
        ChatRequest bad = ChatRequest.builder().model("m").user("x").tool(ToolDefinition.function("t", "", "{not json")).build();
        assertThatThrownBy(() -> adapter(ProviderType.OPENAI, "").chat(bad, ctx())).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("tool 't'");
    }

    @Test
    void faultsOnPlainCalls() {
        WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(WireMock.aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThatThrownBy(() -> adapter(ProviderType.VLLM, "").chat(simple(5), ctx())).isInstanceOf(ProviderUnavailableException.class);
        WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(WireMock.aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        assertThatThrownBy(() -> adapter(ProviderType.VLLM, "").chat(simple(5), ctx())).isInstanceOf(MalformedResponseException.class);
        WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(200, COMPLETION.repeat(20))));
        OpenAiAdapter small = adapter(config(ProviderType.VLLM, WM.baseUrl()).maxResponseBytes(512).build());
        assertThatThrownBy(() -> small.chat(simple(5), ctx())).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("512 bytes");
    }

    @Test
    void slowServerHitsTheAttemptTimeoutPromptly() {
        WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(json(200, COMPLETION).withFixedDelay(10_000)));
        long start = System.nanoTime();
        assertThatThrownBy(() -> adapter(ProviderType.VLLM, "").chat(simple(5), CallContext.of(Duration.ofMillis(300))))
                .isInstanceOf(AttemptTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void secretsStayOutOfToString() {
        OpenAiAdapter a = adapter(ProviderType.OPENAI, "");
        assertThat(a.toString()).doesNotContain(KEY).contains("****");
    }
}
