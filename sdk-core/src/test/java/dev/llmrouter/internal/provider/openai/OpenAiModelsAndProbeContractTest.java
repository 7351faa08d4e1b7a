package dev.llmrouter.internal.provider.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.llmrouter.internal.provider.testing.AdapterCalls.ctx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ConfigException;
import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.Secret;
import dev.llmrouter.spi.provider.ModelInfo;
import dev.llmrouter.spi.provider.ProbeResult;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.internal.provider.ProviderAdapters;
import dev.llmrouter.spi.provider.ProviderType;
import dev.llmrouter.internal.provider.testing.RawServer;
import java.io.IOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

@Tag("contract")
class OpenAiModelsAndProbeContractTest extends OpenAiWireMockBase {
    private static final String OK = """
            {"id":"c","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""";

    @Test
    void vllmModelsCarryTheirContextWindow() {
        WM.stubFor(get(urlEqualTo("/v1/models")).willReturn(json(200, """
                {"object":"list","data":[{"id":"Qwen/Qwen2.5-Coder-7B-Instruct","object":"model","created":1,"owned_by":"vllm",
                "root":"Qwen/Qwen2.5-Coder-7B-Instruct","parent":null,"max_model_len":32768,"permission":[]}]}""")));
        assertThat(adapter(ProviderType.VLLM, "").listModels(ctx()))
                .containsExactly(ModelInfo.builder("Qwen/Qwen2.5-Coder-7B-Instruct").contextWindow(32768).build());
        WM.verify(getRequestedFor(urlEqualTo("/v1/models")).withHeader("Authorization", equalTo("Bearer " + KEY)));
    }

    @Test
    void llamaCppListsItsSingleModel() {
        WM.stubFor(get(urlEqualTo("/v1/models")).willReturn(json(200, """
                {"object":"list","data":[{"id":"/models/llama-3.1-8b-q4.gguf","object":"model","created":1,"owned_by":"llamacpp",
                "meta":{"vocab_type":2,"n_vocab":128256,"n_ctx_train":131072}}]}""")));
        assertThat(adapter(ProviderType.LLAMA_CPP, "/v1").listModels(ctx()))
                .containsExactly(ModelInfo.builder("/models/llama-3.1-8b-q4.gguf").build());
    }

    @Test
    void deepSeekModelsWithoutV1AndAMissingDataArrayIsMalformed() {
        WM.stubFor(get(urlEqualTo("/models")).willReturn(json(200,
                "{\"object\":\"list\",\"data\":[{\"id\":\"deepseek-chat\",\"object\":\"model\",\"owned_by\":\"deepseek\"},"
                        + "{\"id\":\"deepseek-reasoner\",\"object\":\"model\",\"owned_by\":\"deepseek\"}]}")));
        assertThat(adapter(ProviderType.DEEPSEEK, "").listModels(ctx())).extracting(ModelInfo::id)
                .containsExactly("deepseek-chat", "deepseek-reasoner");
        WM.stubFor(get(urlEqualTo("/models")).willReturn(json(200, "{\"models\":[]}")));
        assertThatThrownBy(() -> adapter(ProviderType.DEEPSEEK, "").listModels(ctx())).isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void vllmHealthIsAnEmpty200() {
        WM.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(200)));
        ProbeResult p = adapter(ProviderType.VLLM, "/v1").probe(ctx());
        assertThat(p.healthy()).isTrue();
        assertThat(p.reachable()).isTrue();
        assertThat(p.httpStatus()).isEqualTo(200);
        WM.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(503)));
        ProbeResult dead = adapter(ProviderType.VLLM, "").probe(ctx());
        assertThat(dead.healthy()).isFalse();
        assertThat(dead.reachable()).isTrue();
        assertThat(dead.httpStatus()).isEqualTo(503);
    }

    @Test
    void llamaCppLoadingIsReachableButNotHealthy() {
        WM.stubFor(get(urlEqualTo("/health")).willReturn(json(503,
                "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}")));
        ProbeResult loading = adapter(ProviderType.LLAMA_CPP, "").probe(ctx());
        assertThat(loading).extracting(ProbeResult::healthy, ProbeResult::reachable, ProbeResult::httpStatus, ProbeResult::detail)
                .containsExactly(false, true, 503, "Loading model");
        WM.stubFor(get(urlEqualTo("/health")).willReturn(json(200, "{\"status\":\"ok\"}")));
        assertThat(adapter(ProviderType.LLAMA_CPP, "").probe(ctx()).healthy()).isTrue();
    }

    @Test
    void cloudProbeListsModelsAndReportsBadKeysWithoutThrowing() {
        WM.stubFor(get(urlEqualTo("/v1/models")).willReturn(json(401, "{\"error\":{\"message\":\"Incorrect API key provided: "
                + KEY + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")));
        ProbeResult p = adapter(ProviderType.OPENAI, "").probe(ctx());
        assertThat(p.healthy()).isFalse();
        assertThat(p.reachable()).isTrue();
        assertThat(p.httpStatus()).isEqualTo(401);
        assertThat(p.detail()).contains("Incorrect API key").doesNotContain(KEY);
        WM.stubFor(get(urlEqualTo("/compat/models")).willReturn(json(200, "{\"data\":[]}")));
        assertThat(adapter(ProviderType.OPENAI_COMPATIBLE, "/compat").probe(ctx()).healthy()).isTrue();
    }

    @Test
    void configuredHealthPathOverrides() {
        WM.stubFor(get(urlEqualTo("/ready")).willReturn(aResponse().withStatus(200)));
        ProviderConfig relative = config(ProviderType.VLLM, WM.baseUrl() + "/v1").healthPath("/ready").build();
        assertThat(adapter(relative).probe(ctx()).healthy()).isTrue();
        WM.verify(getRequestedFor(urlEqualTo("/ready")));

        // Ollama's /v1 as a generic server: its liveness answer is at the host root
        WM.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withBody("Ollama is running")));
        ProviderConfig absolute = config(ProviderType.OPENAI_COMPATIBLE, WM.baseUrl() + "/v1").healthPath(WM.baseUrl() + "/").build();
        assertThat(adapter(absolute).probe(ctx()).healthy()).isTrue();
        WM.verify(getRequestedFor(urlEqualTo("/")));
    }

    @Test
    void unreachableServerProbesUnhealthyWithoutThrowing() throws IOException {
        ProbeResult p = adapter(config(ProviderType.VLLM, RawServer.unreachableUrl()).build()).probe(ctx());
        assertThat(p.healthy()).isFalse();
        assertThat(p.reachable()).isFalse();
        assertThat(p.httpStatus()).isZero();
        assertThat(p.detail()).contains("connection failed");
    }

    @ParameterizedTest
    @CsvSource({
        "OPENAI, '', /v1/chat/completions",
        "OPENAI, /v1, /v1/chat/completions",
        "OPENAI, /v1/, /v1/chat/completions",
        "VLLM, /, /v1/chat/completions",
        "VLLM, //, /v1/chat/completions",
        "LLAMA_CPP, /v1, /v1/chat/completions",
        "DEEPSEEK, '', /chat/completions",
        "DEEPSEEK, /v1, /v1/chat/completions",
        "OPENAI_COMPATIBLE, /api/openai/v1/, /api/openai/v1/chat/completions",
        "OPENAI_COMPATIBLE, /v1, /v1/chat/completions",
        "OPENAI_COMPATIBLE, '', /chat/completions",
        "VLLM, /prefix, /prefix/v1/chat/completions"
    })
    void baseUrlVariants(ProviderType type, String base, String expectedPath) {
        WM.stubFor(post(urlEqualTo(expectedPath)).willReturn(json(200, OK)));
        ChatRequest req = ChatRequest.builder().model("m").user("hi").build();
        assertThat(adapter(type, base).chat(req, ctx()).text()).isEqualTo("ok");
        WM.verify(postRequestedFor(urlEqualTo(expectedPath)));
    }

    @Test
    void badBaseUrlsAreConfigErrors() {
        assertThatThrownBy(() -> adapter(config(ProviderType.VLLM, "").build())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("base_url");
        assertThatThrownBy(() -> adapter(config(ProviderType.VLLM, "localhost:8000").build())).isInstanceOf(ConfigException.class);
        ProviderConfig plainHttpCloud = ProviderConfig.builder("oa", ProviderType.OPENAI).baseUrl("http://api.openai.com")
                .apiKey(Secret.of(KEY)).build();
        assertThatThrownBy(() -> adapter(plainHttpCloud)).isInstanceOf(ConfigException.class).hasMessageContaining("https")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderType.class, names = {"OPENAI", "VLLM", "LLAMA_CPP", "DEEPSEEK", "OPENAI_COMPATIBLE"})
    void factoryBuildsTheOpenAiAdapterForItsTypes(ProviderType type) {
        ProviderAdapter a = ProviderAdapters.create(config(type, WM.baseUrl()).build(), WM.resources());
        assertThat(a).isInstanceOf(OpenAiAdapter.class);
        assertThat(a.type()).isEqualTo(type);
        assertThat(a.name()).isEqualTo(type.wireName() + "-test");
    }

    @Test
    void factoryBuildsTheMockAdapterForTheMockType() {
        ProviderAdapter a = ProviderAdapters.create(ProviderConfig.builder("demo", ProviderType.MOCK).build(),
                WM.resources());
        assertThat(a).isInstanceOf(dev.llmrouter.internal.provider.mock.MockAdapter.class);
        assertThat(a.type()).isEqualTo(ProviderType.MOCK);
    }
}
