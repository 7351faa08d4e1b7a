package dev.llmrouter.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentPart;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.api.ResponseFormat;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.Route;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.ToolDefinition;
import dev.llmrouter.api.Usage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CacheCodecTest {

    private static ChatRequest.Builder request() {
        return ChatRequest.builder().model("g").system("be brief").user("hi").temperature(0.5).topP(0.9).maxTokens(64)
                .stop(List.of("END")).seed(7).tool(ToolDefinition.function("f", "does f", "{\"type\":\"object\"}"))
                .parallelToolCalls(false).responseFormat(ResponseFormat.jsonSchema("s", "{\"type\":\"object\"}", true));
    }

    @Test
    void theKeyIgnoresModelOptionsAndMetadataButNothingThatDecidesTheAnswer() {
        String key = CacheCodec.requestKey(request().build());
        assertThat(CacheCodec.requestKey(request().model("alias").metadata(Map.of("user", "u1"))
                .options(RequestOptions.builder().cache(true).numRetries(3).build()).build())).isEqualTo(key);
        assertThat(CacheCodec.requestKey(request().temperature(0.6).build())).isNotEqualTo(key);
        assertThat(CacheCodec.requestKey(request().seed(8).build())).isNotEqualTo(key);
        assertThat(CacheCodec.requestKey(request().user("again").build())).isNotEqualTo(key);
        assertThat(CacheCodec.requestKey(request().toolChoice(ToolChoice.function("f")).build()))
                .isNotEqualTo(CacheCodec.requestKey(request().toolChoice(ToolChoice.REQUIRED).build()));
        assertThat(key).isEqualTo("{\"messages\":[{\"role\":\"system\",\"content\":[{\"text\":\"be brief\"}]},"
                + "{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}],\"temperature\":0.5,\"top_p\":0.9,"
                + "\"max_tokens\":64,\"stop\":[\"END\"],\"seed\":7,\"tools\":[{\"name\":\"f\",\"description\":\"does f\","
                + "\"parameters\":\"{\\\"type\\\":\\\"object\\\"}\"}],\"parallel_tool_calls\":false,"
                + "\"response_format\":{\"type\":\"json_schema\",\"name\":\"s\",\"schema\":\"{\\\"type\\\":\\\"object\\\"}\","
                + "\"strict\":true}}");
    }

    @Test
    void aResponseRoundTripsWithEverythingButItsRoute() {
        ChatMessage message = ChatMessage.builder(Role.ASSISTANT).text("see ").part(ContentPart.imageUrl("https://x/y.png")
                        .withDetail("low")).part(ContentPart.imageBase64("image/png", "AAAA"))
                .toolCalls(List.of(new ToolCall("c1", "f", "{\"a\":1}"))).name("bot").build();
        ChatResponse original = ChatResponse.builder().id("r1").model("m-2024").message(message)
                .finishReason(FinishReason.TOOL_CALLS).rawFinishReason("tool_calls").usage(new Usage(10, 5, 15, 4))
                .providerRequestId("req-9").build();
        ChatResponse routed = original.toBuilder().route(Route.builder("g", "g").cacheHit(false).build()).build();

        ChatResponse back = CacheCodec.decodeResponse(CacheCodec.encodeResponse(routed));

        assertThat(back).isEqualTo(original);
        assertThat(back.route()).isEqualTo(Route.NONE);
    }

    @Test
    void aValueThatIsNotOneGetsAnErrorSayingWhatIsWrong() {
        assertThatThrownBy(() -> CacheCodec.decodeResponse("{\"id\":")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not JSON: ");
        assertThatThrownBy(() -> CacheCodec.decodeResponse("[1]")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> CacheCodec.decodeResponse("{\"format\":\"v0\"}"))
                .hasMessage("layout 'v0' where 'v1' was expected");
        String good = CacheCodec.encodeResponse(ChatResponse.builder().message(ChatMessage.builder(Role.ASSISTANT)
                .text("x").build()).usage(Usage.of(1, 2)).build());
        assertThatThrownBy(() -> CacheCodec.decodeResponse(good.replace("\"role\":\"assistant\"", "\"role\":\"robot\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown message role 'robot'");
        assertThatThrownBy(() -> CacheCodec.decodeResponse(good.replace("\"text\":\"x\"", "\"text\":3")))
                .hasMessage("message.content[0].text is missing or not a string");
        assertThatThrownBy(() -> CacheCodec.decodeResponse(good.replace("\"prompt\":1", "\"prompt\":\"many\"")))
                .hasMessage("usage.prompt is missing or not an integer");
    }
}
