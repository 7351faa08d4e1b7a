package dev.llmrouter.spring.ai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmrouter.spring.autoconfigure.LlmRouterAutoConfiguration;
import dev.llmrouter.spring.autoconfigure.LlmRouterChatModelAutoConfiguration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.annotation.ToolParam;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Spring AI's ChatClient on the router's ChatModel, against an OpenAI-compatible WireMock server. */
@Tag("integration")
class ChatClientWireMockTest {
    private static final WireMockServer WM = new WireMockServer(wireMockConfig().dynamicPort());
    private static final String PATH = "/v1/chat/completions";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class, LlmRouterChatModelAutoConfiguration.class));

    @BeforeAll
    static void start() {
        WM.start();
    }

    @AfterAll
    static void stop() {
        WM.stop();
    }

    @BeforeEach
    void reset() {
        WM.resetAll();
    }

    private ApplicationContextRunner configured() {
        return runner.withPropertyValues("llmrouter.providers.local.type=openai_compatible",
                "llmrouter.providers.local.base-url=http://127.0.0.1:" + WM.port() + "/v1",
                "llmrouter.models.assistant.deployments[0].provider=local",
                "llmrouter.models.assistant.deployments[0].model=qwen2.5", "llmrouter.router-settings.num-retries=0");
    }

    private static String answer(String content, String finish) {
        return """
                {"id":"c1","object":"chat.completion","model":"qwen2.5",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"%s"}],
                 "usage":{"prompt_tokens":12,"completion_tokens":5,"total_tokens":17}}""".formatted(content, finish);
    }

    @Test
    void callMapsOptionsAndReturnsUsageFinishReasonAndRoute() {
        WM.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(answer("Hello from the router", "stop"))));
        configured().run(ctx -> {
            ChatClient client = ChatClient.builder(ctx.getBean(ChatModel.class)).build();
            ChatResponse r = client.prompt().system("Be brief.").user("hi")
                    .options(org.springframework.ai.chat.prompt.ChatOptions.builder().temperature(0.2).maxTokens(64)
                            .stopSequences(List.of("END")))
                    .call().chatResponse();
            assertThat(r.getResult().getOutput().getText()).isEqualTo("Hello from the router");
            assertThat(r.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
            assertThat(r.getMetadata().getUsage().getPromptTokens()).isEqualTo(12);
            assertThat(r.getMetadata().getUsage().getCompletionTokens()).isEqualTo(5);
            assertThat(r.getMetadata().getUsage().getTotalTokens()).isEqualTo(17);
            assertThat((String) r.getMetadata().get("llmrouter.deployment")).isEqualTo("assistant/local/qwen2.5#0");
            assertThat((String) r.getMetadata().get("llmrouter.group")).isEqualTo("assistant");
            WM.verify(postRequestedFor(urlEqualTo(PATH)).withRequestBody(matchingJsonPath("$.model", com.github.tomakehurst.wiremock.client.WireMock.equalTo("qwen2.5")))
                    .withRequestBody(matchingJsonPath("$.messages[0].role", com.github.tomakehurst.wiremock.client.WireMock.equalTo("system")))
                    .withRequestBody(matchingJsonPath("$.messages[1].content", com.github.tomakehurst.wiremock.client.WireMock.equalTo("hi")))
                    .withRequestBody(matchingJsonPath("$.temperature", com.github.tomakehurst.wiremock.client.WireMock.equalTo("0.2")))
                    .withRequestBody(matchingJsonPath("$.max_tokens", com.github.tomakehurst.wiremock.client.WireMock.equalTo("64")))
                    .withRequestBody(matchingJsonPath("$.stop[0]", com.github.tomakehurst.wiremock.client.WireMock.equalTo("END"))));
        });
    }

    @Test
    void streamDeliversTheTextChunkByChunkAndEndsWithUsage() {
        WM.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody("""
                data: {"id":"s1","model":"qwen2.5","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"}}]}

                data: {"id":"s1","model":"qwen2.5","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}],"usage":{"prompt_tokens":4,"completion_tokens":2,"total_tokens":6}}

                data: [DONE]

                """)));
        configured().run(ctx -> {
            ChatClient client = ChatClient.builder(ctx.getBean(ChatModel.class)).build();
            assertThat(client.prompt().user("hi").stream().content().collectList().block()).containsExactly("Hel", "lo");
            List<ChatResponse> responses = client.prompt().user("hi").stream().chatResponse().collectList().block();
            ChatResponse last = responses.get(responses.size() - 1);
            assertThat(last.getMetadata().getUsage().getTotalTokens()).isEqualTo(6);
            assertThat(last.getResult().getMetadata().getFinishReason()).isEqualTo("STOP");
        });
    }

    @Test
    void aToolCallGoesOutAndItsResultComesBackThroughChatClient() {
        WM.stubFor(post(urlEqualTo(PATH)).atPriority(5).willReturn(okJson("""
                {"id":"t1","object":"chat.completion","model":"qwen2.5",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                   "function":{"name":"weather","arguments":"{\\"city\\":\\"Lyon\\"}"}}]},"finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":20,"completion_tokens":9,"total_tokens":29}}""")));
        WM.stubFor(post(urlEqualTo(PATH)).atPriority(1).withRequestBody(containing("\"role\":\"tool\""))
                .willReturn(okJson(answer("It is sunny in Lyon", "stop"))));
        Weather tools = new Weather();
        configured().run(ctx -> {
            String text = ChatClient.builder(ctx.getBean(ChatModel.class)).build().prompt().user("Weather in Lyon?")
                    .tools(tools).call().content();
            assertThat(text).isEqualTo("It is sunny in Lyon");
            assertThat(tools.asked).containsExactly("Lyon");
            WM.verify(postRequestedFor(urlEqualTo(PATH))
                    .withRequestBody(matchingJsonPath("$.tools[0].function.name", com.github.tomakehurst.wiremock.client.WireMock.equalTo("weather")))
                    .withRequestBody(matchingJsonPath("$.messages[1].tool_calls[0].id", com.github.tomakehurst.wiremock.client.WireMock.equalTo("call_1")))
                    .withRequestBody(matchingJsonPath("$.messages[2].tool_call_id", com.github.tomakehurst.wiremock.client.WireMock.equalTo("call_1")))
                    .withRequestBody(matchingJsonPath("$.messages[2].content", com.github.tomakehurst.wiremock.client.WireMock.containing("sunny"))));
        });
    }

    /** A tool the model asks for. */
    static final class Weather {
        final List<String> asked = new CopyOnWriteArrayList<>();

        @Tool(description = "The weather in a city")
        String weather(@ToolParam(description = "the city") String city) {
            asked.add(city);
            return "sunny, 21 C";
        }
    }
}
