package dev.llmrouter.internal.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ContentPart;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.ResponseFormat;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.ToolDefinition;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.Secret;
import dev.llmrouter.internal.http.Json;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@Tag("unit")
class AnthropicRequestEncoderTest {
    private static final ProviderConfig CONFIG = ProviderConfig.builder("anthropic", ProviderType.ANTHROPIC)
            .baseUrl("https://api.anthropic.com").apiKey(Secret.of("sk-ant-test")).defaultMaxTokens(1024).build();
    private static final ToolDefinition WEATHER = ToolDefinition.function("get_weather", "Weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}");

    static void assertJson(JsonNode actual, String expected) {
        assertThat(Json.MAPPER.readTree(Json.write(actual))).isEqualTo(Json.MAPPER.readTree(expected));
    }

    private static JsonNode encode(ChatRequest request) {
        return new AnthropicRequestEncoder(CONFIG).encode(request, false);
    }

    private static ChatRequest.Builder base() {
        return ChatRequest.builder().model("claude-sonnet-4-5").user("Hi");
    }

    @Test
    void systemIsHoistedAndMaxTokensDefaultsFromTheProvider() {
        ChatRequest request = ChatRequest.builder().model("claude-sonnet-4-5").system("Be brief.").user("Hi")
                .stop(List.of("END")).temperature(0.5).topP(0.9).seed(7).build();
        assertJson(new AnthropicRequestEncoder(CONFIG).encode(request, true), """
                {"model":"claude-sonnet-4-5","max_tokens":1024,"system":"Be brief.",
                 "messages":[{"role":"user","content":"Hi"}],
                 "stop_sequences":["END"],"temperature":0.5,"top_p":0.9,"stream":true}""");
    }

    @Test
    void requestMaxTokensWinsAndSeveralSystemMessagesBecomeBlocks() {
        ChatRequest request = ChatRequest.builder().model("m").system("One.").user("Hi")
                .message(ChatMessage.developer("Two.")).maxTokens(50).build();
        JsonNode body = encode(request);
        assertThat(body.get("max_tokens").asInt()).isEqualTo(50);
        assertJson(body.get("system"), "[{\"type\":\"text\",\"text\":\"One.\"},{\"type\":\"text\",\"text\":\"Two.\"}]");
    }

    @Test
    void toolUseAndResultsWithMergingForAlternation() {
        ChatRequest request = ChatRequest.builder().model("m").user("Weather in Paris and Rome?").user("Quickly.")
                .message(ChatMessage.assistantToolCalls("Checking.", List.of(new ToolCall("toolu_1", "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("toolu_2", "get_weather", "{\"city\":\"Rome\"}"))))
                .message(ChatMessage.toolResult("toolu_1", "18C"))
                .message(ChatMessage.toolResult("toolu_2", "24C"))
                .user("Thanks")
                .tool(WEATHER).build();
        assertJson(encode(request).get("messages"), """
                [{"role":"user","content":[{"type":"text","text":"Weather in Paris and Rome?"},{"type":"text","text":"Quickly."}]},
                 {"role":"assistant","content":[{"type":"text","text":"Checking."},
                    {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}},
                    {"type":"tool_use","id":"toolu_2","name":"get_weather","input":{"city":"Rome"}}]},
                 {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"18C"},
                    {"type":"tool_result","tool_use_id":"toolu_2","content":"24C"},
                    {"type":"text","text":"Thanks"}]}]""");
        assertJson(encode(request).get("tools"), """
                [{"name":"get_weather","description":"Weather in a city",
                  "input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]""");
    }

    @Test
    void imagesAsBase64OrUrlSources() {
        ChatMessage m = ChatMessage.user(List.of(ContentPart.imageBase64("image/png", "iVBOR"),
                ContentPart.imageUrl("data:image/jpeg;base64,/9j/"), ContentPart.imageUrl("https://example.com/a.png"),
                ContentPart.text("What are these?")));
        assertJson(encode(ChatRequest.builder().model("m").message(m).build()).get("messages"), """
                [{"role":"user","content":[
                  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}},
                  {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/"}},
                  {"type":"image","source":{"type":"url","url":"https://example.com/a.png"}},
                  {"type":"text","text":"What are these?"}]}]""");
    }

    @Test
    void toolChoiceModes() {
        ChatRequest withTool = base().tool(WEATHER).build();
        assertThat(encode(withTool).has("tool_choice")).isFalse();
        assertJson(encode(withTool.toBuilder().toolChoice(ToolChoice.AUTO).build()).get("tool_choice"), "{\"type\":\"auto\"}");
        assertJson(encode(withTool.toBuilder().toolChoice(ToolChoice.REQUIRED).build()).get("tool_choice"), "{\"type\":\"any\"}");
        assertJson(encode(withTool.toBuilder().toolChoice(ToolChoice.NONE).build()).get("tool_choice"), "{\"type\":\"none\"}");
        assertJson(encode(withTool.toBuilder().toolChoice(ToolChoice.function("get_weather")).build()).get("tool_choice"),
                "{\"type\":\"tool\",\"name\":\"get_weather\"}");
        assertJson(encode(withTool.toBuilder().parallelToolCalls(false).build()).get("tool_choice"),
                "{\"type\":\"auto\",\"disable_parallel_tool_use\":true}");
        assertThat(encode(base().toolChoice(ToolChoice.AUTO).build()).has("tool_choice")).as("no tools, no choice").isFalse();
    }

    @Test
    void responseFormatsBecomeASystemInstruction() {
        JsonNode obj = encode(base().system("Be brief.").responseFormat(ResponseFormat.JSON_OBJECT).build());
        assertJson(obj.get("system"), "[{\"type\":\"text\",\"text\":\"Be brief.\"},{\"type\":\"text\",\"text\":\""
                + AnthropicRequestEncoder.JSON_OBJECT_INSTRUCTION + "\"}]");
        JsonNode schema = encode(base().responseFormat(ResponseFormat.jsonSchema("p", "{\"type\": \"object\"}", true)).build());
        assertThat(schema.get("system").asString()).isEqualTo(AnthropicRequestEncoder.JSON_SCHEMA_INSTRUCTION + "{\"type\":\"object\"}");
        assertThat(encode(base().responseFormat(ResponseFormat.TEXT).build()).has("system")).isFalse();
    }

    @Test
    void emptyTextPartsAreDroppedAndEmptyMessagesVanish() {
        ChatRequest request = ChatRequest.builder().model("m").user("Hi").assistant("").user("Again").build();
        assertJson(encode(request).get("messages"), "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"},{\"type\":\"text\",\"text\":\"Again\"}]}]");
    }

    @Test
    void toolResultWithImageKeepsBlocks() {
        ChatMessage result = ChatMessage.builder(Role.TOOL).toolCallId("toolu_1").text("chart:").part(ContentPart.imageBase64("image/png", "AAAA")).build();
        assertJson(encode(base().message(result).build()).at("/messages/0/content/1"), """
                {"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"chart:"},
                  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]}""");
    }

    @Test
    void untranslatableRequestsFailClearly() {
        assertThatThrownBy(() -> encode(base().temperature(1.5).build())).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("temperature 1.5");
        ChatMessage imageSystem = ChatMessage.builder(Role.SYSTEM).part(ContentPart.imageUrl("https://x/y.png")).build();
        assertThatThrownBy(() -> encode(base().message(imageSystem).build())).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("messages[1]").hasMessageContaining("text only");
        ChatRequest badArgs = base().message(ChatMessage.assistantToolCalls(null, List.of(new ToolCall("t", "f", "nope")))).build();
        assertThatThrownBy(() -> encode(badArgs)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("messages[1].tool_calls[0] (f) arguments is not valid JSON");
        assertThatThrownBy(() -> encode(base().tool(ToolDefinition.function("f", "", "[]")).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("tool 'f' parameters schema must be a JSON object");
    }
}
