package dev.llmrouter.internal.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.ProviderException;
import dev.llmrouter.api.ProviderOverloadedException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamAccumulator;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.Usage;
import dev.llmrouter.internal.http.ErrorClassifier;
import dev.llmrouter.internal.http.ErrorParser;
import dev.llmrouter.internal.http.Json;
import dev.llmrouter.internal.http.Redactor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@Tag("unit")
class AnthropicDecoderTest {
    private final List<ProviderError> classified = new ArrayList<>();
    private final AnthropicStreamDecoder stream = new AnthropicStreamDecoder("anthropic", Redactor.NONE, "req_1", root -> classify(root, "req_1"));
    private final AnthropicResponseDecoder whole = new AnthropicResponseDecoder("anthropic", Redactor.NONE, root -> classify(root, null));

    private ProviderException classify(JsonNode root, String requestId) {
        ProviderError e = ErrorParser.fromJson(200, root, requestId, Redactor.NONE);
        classified.add(e);
        return ErrorClassifier.classify("anthropic", e, null);
    }

    private StreamAccumulator feed(String... eventsAndData) {
        StreamAccumulator acc = new StreamAccumulator();
        for (int i = 0; i < eventsAndData.length; i += 2) {
            ChatChunk c = stream.onEvent(eventsAndData[i], eventsAndData[i + 1]);
            if (c != null) {
                acc.add(c);
            }
        }
        return acc;
    }

    private static final String START = "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":25,"
            + "\"cache_creation_input_tokens\":5,\"cache_read_input_tokens\":100,\"output_tokens\":1}}}";

    @Test
    void textStreamWithPingAndCumulativeUsageCountedOnce() {
        List<ChatChunk> chunks = new ArrayList<>();
        String[] events = {
            "message_start", START,
            "ping", "{\"type\": \"ping\"}",
            "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
            "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}",
            "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" world\"}}",
            "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}",
            "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":7}}",
            "message_delta", "{\"type\":\"message_delta\",\"delta\":{},\"usage\":{\"output_tokens\":15}}",
            "message_stop", "{\"type\":\"message_stop\"}",
        };
        for (int i = 0; i < events.length; i += 2) {
            ChatChunk c = stream.onEvent(events[i], events[i + 1]);
            if (c != null) {
                chunks.add(c);
            }
        }
        assertThat(stream.finished()).isTrue();
        assertThat(chunks).extracting(ChatChunk::text).containsExactly("Hello", " world", "");
        assertThat(chunks).filteredOn(c -> c.usage() != null).singleElement()
                .satisfies(c -> assertThat(c.usage()).isEqualTo(new Usage(130, 15, 145, 100)));
        StreamAccumulator acc = new StreamAccumulator();
        chunks.forEach(acc::add);
        ChatResponse r = acc.toResponse();
        assertThat(r.id()).isEqualTo("msg_1");
        assertThat(r.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.text()).isEqualTo("Hello world");
    }

    @Test
    void inputJsonDeltaPiecesJoinIntoOneToolCallPerBlock() {
        StreamAccumulator acc = feed(
                "message_start", START,
                "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Let me check.\"}}",
                "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}",
                "content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"get_weather\",\"input\":{}}}",
                "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}",
                "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \\\"Par\"}}",
                "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"is\\\"}\"}}",
                "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}",
                "content_block_start", "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_02\",\"name\":\"get_time\",\"input\":{}}}",
                "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":2}",
                "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":40}}",
                "message_stop", "{\"type\":\"message_stop\"}");
        ChatResponse r = acc.toResponse();
        assertThat(r.text()).isEqualTo("Let me check.");
        assertThat(r.message().toolCalls()).containsExactly(new ToolCall("toolu_01", "get_weather", "{\"city\": \"Paris\"}"),
                new ToolCall("toolu_02", "get_time", "{}"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void thinkingAndUnknownEventsAreIgnoredAndEventNameMayBeMissing() {
        StreamAccumulator acc = feed(
                null, START,
                "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}",
                "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}",
                "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"x\"}}",
                "future_event", "{\"type\":\"future_event\",\"anything\":[1]}",
                "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Answer\"}}",
                null, "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},\"usage\":{\"output_tokens\":3}}",
                null, "{\"type\":\"message_stop\"}");
        assertThat(acc.text()).isEqualTo("Answer");
        assertThat(acc.toResponse().finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(stream.finished()).isTrue();
    }

    @Test
    void errorEventGoesToTheClassifierWithItsType() {
        stream.onEvent("message_start", START);
        assertThatThrownBy(() -> stream.onEvent("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"))
                .isInstanceOf(ProviderOverloadedException.class);
        assertThat(classified).singleElement().isEqualTo(ProviderError.builder(200).type("overloaded_error")
                .message("Overloaded").requestId("req_1").build());
    }

    @Test
    void contextWindowStopWithoutOutputIsAnException() {
        feed("message_start", START,
                "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"model_context_window_exceeded\"},\"usage\":{\"output_tokens\":0}}");
        assertThatThrownBy(() -> stream.onEvent("message_stop", "{\"type\":\"message_stop\"}"))
                .isInstanceOf(ContextWindowExceededException.class).hasMessageContaining("model_context_window_exceeded");
    }

    @Test
    void contextWindowStopAfterOutputIsAFinishReason() {
        StreamAccumulator acc = feed("message_start", START,
                "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Part\"}}",
                "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"model_context_window_exceeded\"},\"usage\":{\"output_tokens\":9}}",
                "message_stop", "{\"type\":\"message_stop\"}");
        assertThat(acc.toResponse().finishReason()).isEqualTo(FinishReason.CONTEXT_WINDOW);
    }

    @Test
    void malformedEvents() {
        assertThatThrownBy(() -> stream.onEvent("message_start", "{not json")).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("message_start");
        assertThatThrownBy(() -> stream.onEvent("content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":4,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\"}}"))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("content block 4");
        assertThatThrownBy(() -> stream.onEvent("message_stop", "{\"type\":\"message_stop\"}"))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("without a stop_reason");
    }

    @Test
    void wholeMessageWithTextToolUseAndCacheUsage() {
        ChatResponse r = whole.decode(Json.MAPPER.readTree("""
                {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
                 "content":[{"type":"text","text":"Checking."},{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":10,"cache_creation_input_tokens":20,"cache_read_input_tokens":30,"output_tokens":40}}"""), "req_9");
        assertThat(r.id()).isEqualTo("msg_01");
        assertThat(r.text()).isEqualTo("Checking.");
        assertThat(r.message().toolCalls()).containsExactly(new ToolCall("toolu_01", "get_weather", "{\"city\":\"Paris\"}"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.usage()).isEqualTo(new Usage(60, 40, 100, 30));
        assertThat(r.providerRequestId()).contains("req_9");
    }

    @Test
    void wholeRefusalWithoutOutputIsAContentPolicyFailure() {
        assertThatThrownBy(() -> whole.decode(Json.MAPPER.readTree("{\"id\":\"m\",\"type\":\"message\",\"content\":[],"
                + "\"stop_reason\":\"refusal\",\"usage\":{\"input_tokens\":5,\"output_tokens\":0}}"), "r"))
                .isInstanceOf(ContentPolicyException.class).hasMessageContaining("refusal");
    }

    @Test
    void wholeRefusalAfterSomeTextIsAContentFilterFinish() {
        ChatResponse r = whole.decode(Json.MAPPER.readTree("{\"id\":\"m\",\"type\":\"message\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"I started, but\"}],\"stop_reason\":\"refusal\",\"usage\":{\"input_tokens\":5,\"output_tokens\":4}}"), null);
        assertThat(r.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        assertThat(r.rawFinishReason()).contains("refusal");
        assertThat(r.text()).isEqualTo("I started, but");
    }

    @Test
    void streamedRefusalWithoutOutputIsAContentPolicyFailure() {
        feed("message_start", START,
                "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"refusal\"},\"usage\":{\"output_tokens\":0}}");
        assertThatThrownBy(() -> stream.onEvent("message_stop", "{\"type\":\"message_stop\"}")).isInstanceOf(ContentPolicyException.class);
    }

    @Test
    void wholeContextWindowWithoutOutputThrows() {
        assertThatThrownBy(() -> whole.decode(Json.MAPPER.readTree("{\"id\":\"m\",\"type\":\"message\",\"content\":[],"
                + "\"stop_reason\":\"model_context_window_exceeded\",\"usage\":{\"input_tokens\":5,\"output_tokens\":0}}"), "r"))
                .isInstanceOf(ContextWindowExceededException.class);
    }

    @Test
    void wholeErrorBodyAndNonMessage() {
        assertThatThrownBy(() -> whole.decode(Json.MAPPER.readTree(
                "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal\"},\"request_id\":\"req_x\"}"), null))
                .isInstanceOf(ProviderUnavailableException.class);
        assertThat(classified).singleElement().satisfies(e -> assertThat(e.requestId()).isEqualTo("req_x"));
        assertThatThrownBy(() -> whole.decode(Json.MAPPER.readTree("{\"choices\":[]}"), null))
                .isInstanceOf(MalformedResponseException.class);
    }
}
