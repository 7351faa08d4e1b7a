package dev.llmrouter.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.langchain4j.model.ModelProvider;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.config.ConfigLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * Two WireMock servers speaking OpenAI's chat completions API: {@code primary} as an {@code openai}
 * provider (over plain http, allowed for the test), {@code backup} as {@code openai_compatible}.
 * Stream requests ({@code "stream": true}) get SSE answers, others whole JSON.
 */
final class WireMockBackend implements Backend {
    static final String KEY_ENV = "TEST_OPENAI_KEY";
    final WireMockServer primary = start();
    final WireMockServer backup = start();
    private final OkHttpClient client;

    /** Uses {@code client} for every router it makes (null: the router's own). */
    WireMockBackend(OkHttpClient client) {
        this.client = client;
    }

    private static WireMockServer start() {
        WireMockServer s = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort().containerThreads(20)
                .jettyAcceptors(1));
        s.start();
        return s;
    }

    private String primaryYaml() {
        return "{type: openai, base_url: \"" + primary.baseUrl() + "\", api_key_env: " + KEY_ENV
                + ", allow_insecure_http: true}";
    }

    private String backupYaml() {
        return "{type: openai_compatible, base_url: \"" + backup.baseUrl() + "/v1\"}";
    }

    LlmRouter router(String yaml) {
        LlmRouter.Builder b = LlmRouter.builder().config(ConfigLoader.fromString(yaml, "test.yaml",
                name -> KEY_ENV.equals(name) ? "sk-test-not-a-secret" : null));
        return (client == null ? b : b.httpClient(client)).build();
    }

    /** Whole answers for plain requests, {@code stream} for stream requests. */
    static void answer(WireMockServer s, MappingBuilder whole, ResponseDefinitionBuilder wholeAnswer, MappingBuilder streamed,
                       ResponseDefinitionBuilder streamAnswer) {
        s.stubFor(whole.atPriority(5).willReturn(wholeAnswer));
        s.stubFor(streamed.atPriority(4).withRequestBody(matchingJsonPath("$.stream", equalTo("true"))).willReturn(streamAnswer));
    }

    static List<String> words(String text) {
        return Arrays.stream(text.split("(?<=\\s)")).filter(w -> !w.isEmpty()).toList();
    }

    @Override
    public LlmRouter answering(String text) {
        answer(primary, post(urlEqualTo(OpenAiWire.CHAT)), OpenAiWire.text("primary-model", text),
                post(urlEqualTo(OpenAiWire.CHAT)), OpenAiWire.textStream("primary-model", words(text)));
        return router(Backend.config(primaryYaml(), null, false, 5));
    }

    @Override
    public LlmRouter toolThenAnswer(String tool, String arguments, String text) {
        // after the tool result: the answer (higher priority than the tool call)
        primary.stubFor(post(urlEqualTo(OpenAiWire.CHAT)).atPriority(2).withRequestBody(containing("\"role\":\"tool\""))
                .willReturn(OpenAiWire.text("primary-model", text)));
        primary.stubFor(post(urlEqualTo(OpenAiWire.CHAT)).atPriority(1).withRequestBody(containing("\"role\":\"tool\""))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(OpenAiWire.textStream("primary-model", words(text))));
        int half = arguments.length() / 2;
        List<String> events = new ArrayList<>(List.of(
                OpenAiWire.toolChunk("primary-model", 0, "call_1", tool, ""),
                OpenAiWire.toolChunk("primary-model", 0, null, null, arguments.substring(0, half)),
                OpenAiWire.toolChunk("primary-model", 0, null, null, arguments.substring(half)),
                OpenAiWire.finishChunk("primary-model", "tool_calls"), OpenAiWire.usageChunk("primary-model")));
        answer(primary, post(urlEqualTo(OpenAiWire.CHAT)), OpenAiWire.toolCall("primary-model", "call_1", tool, arguments),
                post(urlEqualTo(OpenAiWire.CHAT)), OpenAiWire.sse(events));
        return router(Backend.config(primaryYaml(), null, false, 5));
    }

    @Override
    public LlmRouter primaryDown(int allowedFails, String text) {
        primary.stubFor(post(urlEqualTo(OpenAiWire.CHAT)).willReturn(OpenAiWire.error(503, "server_error", "overloaded")));
        answer(backup, post(urlEqualTo(OpenAiWire.CHAT)), OpenAiWire.text("backup-model", text),
                post(urlEqualTo(OpenAiWire.CHAT)), OpenAiWire.textStream("backup-model", words(text)));
        return router(Backend.config(primaryYaml(), backupYaml(), true, allowedFails));
    }

    @Override
    public LlmRouter allDown() {
        primary.stubFor(post(urlEqualTo(OpenAiWire.CHAT)).willReturn(OpenAiWire.error(503, "server_error", "overloaded")));
        return router(Backend.config(primaryYaml(), null, false, 5));
    }

    @Override
    public ModelProvider primaryKind() {
        return ModelProvider.OPEN_AI;
    }

    @Override
    public int primaryCalls() {
        return primary.countRequestsMatching(postRequestedFor(urlEqualTo(OpenAiWire.CHAT)).build()).getCount();
    }

    @Override
    public void reset() {
        primary.resetAll();
        backup.resetAll();
    }

    @Override
    public void close() {
        primary.stop();
        backup.stop();
    }
}
