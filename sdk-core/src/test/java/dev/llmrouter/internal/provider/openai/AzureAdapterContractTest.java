package dev.llmrouter.internal.provider.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.llmrouter.internal.provider.testing.AdapterCalls.ctx;
import static dev.llmrouter.internal.provider.testing.AdapterCalls.streamCtx;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.Secret;
import dev.llmrouter.spi.provider.ModelInfo;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Azure OpenAI on the wire: deployment URL, {@code api-version} query, {@code api-key} header. */
@Tag("contract")
class AzureAdapterContractTest extends OpenAiWireMockBase {
    private static final String CHAT = "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21";
    private static final String COMPLETION = """
            {"id":"chatcmpl-az","object":"chat.completion","created":1,"model":"gpt-4o","choices":[{"index":0,
            "message":{"role":"assistant","content":"from azure"},"finish_reason":"stop"}],
            "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}""";

    private static ProviderConfig azure(String base) {
        return config(ProviderType.AZURE, base).apiKey(Secret.of(KEY)).apiVersion("2024-10-21").build();
    }

    private static ChatRequest hello() {
        return ChatRequest.builder().model("gpt4o-prod").message(ChatMessage.user("hello")).build();
    }

    @Test
    void chatGoesToTheDeploymentUrlWithApiVersionAndApiKeyHeader() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(json(200, COMPLETION)));
        OpenAiAdapter a = new OpenAiAdapter(azure(WM.baseUrl()), WM.resources());

        ChatResponse r = a.chat(hello(), ctx());

        assertThat(r.text()).isEqualTo("from azure");
        WM.verify(postRequestedFor(urlEqualTo(CHAT)).withHeader("api-key", equalTo(KEY)).withoutHeader("Authorization")
                .withRequestBody(matchingJsonPath("$.messages[0].content", equalTo("hello"))));
    }

    @Test
    void aBaseUrlEndingInOpenaiOrASlashIsTheSameResource() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(json(200, COMPLETION)));

        new OpenAiAdapter(azure(WM.baseUrl() + "/openai/"), WM.resources()).chat(hello(), ctx());

        WM.verify(1, postRequestedFor(urlEqualTo(CHAT)));
    }

    @Test
    void aStreamIsReadAsOpenAiServerSentEvents() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(sseResponse(sse(
                "{\"id\":\"c\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}",
                "{\"id\":\"c\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},\"finish_reason\":\"stop\"}]}")
                + "data: [DONE]\n\n")));
        OpenAiAdapter a = new OpenAiAdapter(azure(WM.baseUrl()), WM.resources());

        ChatResponse r = drain(a.stream(hello(), streamCtx()));

        assertThat(r.text()).isEqualTo("Hello");
        WM.verify(postRequestedFor(urlEqualTo(CHAT)).withHeader("api-key", equalTo(KEY))
                .withHeader("Accept", equalTo("text/event-stream")).withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
    }

    @Test
    void modelsAreListedWithTheApiVersion() {
        WM.stubFor(get(urlEqualTo("/openai/models?api-version=2024-10-21")).willReturn(json(200,
                "{\"data\":[{\"id\":\"gpt-4o\",\"object\":\"model\"},{\"id\":\"gpt-4o-mini\",\"object\":\"model\"}]}")));
        OpenAiAdapter a = new OpenAiAdapter(azure(WM.baseUrl()), WM.resources());

        List<ModelInfo> models = a.listModels(ctx());

        assertThat(models).extracting(ModelInfo::id).containsExactly("gpt-4o", "gpt-4o-mini");
        WM.verify(getRequestedFor(urlEqualTo("/openai/models?api-version=2024-10-21")).withHeader("api-key", equalTo(KEY))
                .withHeader("Authorization", absent()));
    }

    @Test
    void aRejectedKeyIsAnAuthenticationErrorThatDoesNotEchoTheKey() {
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(json(401,
                "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription key.\"}}")));
        OpenAiAdapter a = new OpenAiAdapter(azure(WM.baseUrl()), WM.resources());

        assertThatThrownBy(() -> a.chat(hello(), ctx())).isInstanceOf(AuthenticationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
    }

    @Test
    void eachDeploymentOfOneResourceHasItsOwnUrl() {
        String mini = "/openai/deployments/mini-prod/chat/completions?api-version=2024-10-21";
        WM.stubFor(post(urlEqualTo(CHAT)).willReturn(json(200, COMPLETION)));
        WM.stubFor(post(urlEqualTo(mini)).willReturn(json(200, COMPLETION.replace("from azure", "from mini"))));
        OpenAiAdapter a = new OpenAiAdapter(azure(WM.baseUrl()), WM.resources());

        assertThat(a.chat(hello(), ctx()).text()).isEqualTo("from azure");
        assertThat(a.chat(hello(), "mini-prod", ctx()).text()).isEqualTo("from mini");
        assertThat(a.chat(hello(), ctx()).text()).isEqualTo("from azure");

        WM.verify(2, postRequestedFor(urlEqualTo(CHAT)));
        WM.verify(1, postRequestedFor(urlEqualTo(mini)).withHeader("api-key", equalTo(KEY))
                .withRequestBody(matchingJsonPath("$.model", equalTo("mini-prod"))));
    }

    @Test
    void aTypeOfAnotherWireIsRefused() {
        assertThatThrownBy(() -> new OpenAiAdapter(config(ProviderType.ANTHROPIC, WM.baseUrl()).build(), WM.resources()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
