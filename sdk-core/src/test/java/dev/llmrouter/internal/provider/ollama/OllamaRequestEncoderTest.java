package dev.llmrouter.internal.provider.ollama;

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
import dev.llmrouter.internal.http.Json;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@Tag("unit")
class OllamaRequestEncoderTest {
    private static final ProviderConfig PLAIN = ProviderConfig.builder("ollama", ProviderType.OLLAMA).baseUrl("http://localhost:11434").build();
    private static final ToolDefinition WEATHER = ToolDefinition.function("get_weather", "Weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");

    static void assertJson(JsonNode actual, String expected) {
        // re-parse so that numeric node types (int vs long) do not matter, only values
        assertThat(Json.MAPPER.readTree(Json.write(actual))).isEqualTo(Json.MAPPER.readTree(expected));
    }

    private static JsonNode encode(ProviderConfig config, ChatRequest request, boolean stream) {
        return new OllamaRequestEncoder(config).encode(request, stream);
    }

    @Test
    void plainChatWithEveryOptionAndProviderSettings() {
        ProviderConfig config = PLAIN.toBuilder().keepAlive("10m").numCtx(8192).build();
        ChatRequest request = ChatRequest.builder().model("llama3.1:latest")
                .message(ChatMessage.developer("Be brief.")).system("You are terse.").user("Hi")
                .maxTokens(100).temperature(0.2).topP(0.9).stop(List.of("END")).seed(42).build();

        assertJson(encode(config, request, true), """
                {"model":"llama3.1:latest",
                 "messages":[{"role":"system","content":"Be brief."},{"role":"system","content":"You are terse."},
                             {"role":"user","content":"Hi"}],
                 "options":{"num_ctx":8192,"num_predict":100,"temperature":0.2,"top_p":0.9,"stop":["END"],"seed":42},
                 "stream":true,"keep_alive":"10m"}""");
    }

    @Test
    void streamFalseIsAlwaysWrittenBecauseOllamaStreamsByDefault() {
        JsonNode body = encode(PLAIN, ChatRequest.builder().model("m").user("Hi").build(), false);
        assertJson(body, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"stream\":false}");
    }

    @Test
    void numericKeepAliveGoesOutAsSecondsNumber() {
        JsonNode body = encode(PLAIN.toBuilder().keepAlive("300").build(), ChatRequest.builder().model("m").user("Hi").build(), false);
        assertThat(body.get("keep_alive").isNumber()).isTrue();
        assertThat(body.get("keep_alive").asLong()).isEqualTo(300);
        JsonNode zero = encode(PLAIN.toBuilder().keepAlive("0").build(), ChatRequest.builder().model("m").user("Hi").build(), false);
        assertThat(zero.get("keep_alive").asLong()).isZero();
    }

    @Test
    void imagesGoAsBase64AndDataUrlsAreUnpacked() {
        ChatMessage m = ChatMessage.user(List.of(ContentPart.text("What is this?"), ContentPart.imageBase64("image/png", "iVBORw0KGgo="),
                ContentPart.imageUrl("data:image/jpeg;base64,/9j/4AAQ")));
        JsonNode body = encode(PLAIN, ChatRequest.builder().model("llava").message(m).build(), false);
        assertJson(body.get("messages"), "[{\"role\":\"user\",\"content\":\"What is this?\",\"images\":[\"iVBORw0KGgo=\",\"/9j/4AAQ\"]}]");
    }

    @Test
    void imageByRemoteUrlIsRefusedClearly() {
        ChatMessage m = ChatMessage.user(List.of(ContentPart.text("Look"), ContentPart.imageUrl("https://example.com/cat.png")));
        assertThatThrownBy(() -> encode(PLAIN, ChatRequest.builder().model("llava").user("first").message(m).build(), false))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("messages[1]").hasMessageContaining("only base64");
    }

    @Test
    void toolRoundTripSendsArgumentsAsObjectAndToolNameFromTheCall() {
        ChatRequest request = ChatRequest.builder().model("qwen3").user("Weather in Paris and Rome?")
                .message(ChatMessage.assistantToolCalls(null, List.of(new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("call_1", "get_time", "{\"tz\":\"CET\"}"))))
                .message(ChatMessage.toolResult("call_1", "12:00"))
                .message(ChatMessage.builder(Role.TOOL).toolCallId("unknown").name("lookup").text("n/a").build())
                .message(ChatMessage.toolResult("also-unknown", "?"))
                .tool(WEATHER).build();

        assertJson(encode(PLAIN, request, false), """
                {"model":"qwen3","stream":false,
                 "messages":[{"role":"user","content":"Weather in Paris and Rome?"},
                   {"role":"assistant","content":"","tool_calls":[
                      {"function":{"name":"get_weather","arguments":{"city":"Paris"}}},
                      {"function":{"name":"get_time","arguments":{"tz":"CET"}}}]},
                   {"role":"tool","content":"12:00","tool_name":"get_time"},
                   {"role":"tool","content":"n/a","tool_name":"lookup"},
                   {"role":"tool","content":"?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather in a city",
                   "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}""");
    }

    @Test
    void invalidToolArgumentsNameTheMessageAndCall() {
        ChatRequest request = ChatRequest.builder().model("m").user("x")
                .message(ChatMessage.assistantToolCalls(null, List.of(new ToolCall("c", "get_weather", "{\"city\":")))).build();
        assertThatThrownBy(() -> encode(PLAIN, request, false)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("messages[1].tool_calls[0] (get_weather) arguments is not valid JSON");
        ChatRequest array = ChatRequest.builder().model("m").user("x")
                .message(ChatMessage.assistantToolCalls(null, List.of(new ToolCall("c", "f", "[1,2]")))).build();
        assertThatThrownBy(() -> encode(PLAIN, array, false)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("must be a JSON object");
    }

    @Test
    void toolChoiceNoneSendsNoToolsAndANamedFunctionOnlyThatOne() {
        ToolDefinition time = ToolDefinition.function("get_time", "", null);
        ChatRequest base = ChatRequest.builder().model("m").user("x").tool(WEATHER).tool(time).build();
        assertThat(encode(PLAIN, base.toBuilder().toolChoice(ToolChoice.NONE).build(), false).has("tools")).isFalse();
        JsonNode only = encode(PLAIN, base.toBuilder().toolChoice(ToolChoice.function("get_time")).build(), false).get("tools");
        assertThat(only).hasSize(1);
        assertThat(only.get(0).at("/function/name").asString()).isEqualTo("get_time");
        assertThatThrownBy(() -> encode(PLAIN, base.toBuilder().toolChoice(ToolChoice.function("nope")).build(), false))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'nope'");
    }

    @Test
    void responseFormatsMapToFormat() {
        ChatRequest base = ChatRequest.builder().model("m").user("x").build();
        assertThat(encode(PLAIN, base.toBuilder().responseFormat(ResponseFormat.JSON_OBJECT).build(), false).get("format").asString())
                .isEqualTo("json");
        JsonNode schema = encode(PLAIN, base.toBuilder()
                .responseFormat(ResponseFormat.jsonSchema("person", "{\"type\":\"object\",\"properties\":{\"age\":{\"type\":\"integer\"}}}", true))
                .build(), false).get("format");
        assertJson(schema, "{\"type\":\"object\",\"properties\":{\"age\":{\"type\":\"integer\"}}}");
        assertThat(encode(PLAIN, base.toBuilder().responseFormat(ResponseFormat.TEXT).build(), false).has("format")).isFalse();
        assertThatThrownBy(() -> encode(PLAIN, base.toBuilder().responseFormat(ResponseFormat.jsonSchema("bad", "{oops", null)).build(), false))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("response_format schema 'bad'");
    }
}
