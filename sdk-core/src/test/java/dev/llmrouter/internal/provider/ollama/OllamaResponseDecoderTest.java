package dev.llmrouter.internal.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.StreamAccumulator;
import dev.llmrouter.api.StreamBrokenException;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.ToolCallDelta;
import dev.llmrouter.api.Usage;
import dev.llmrouter.internal.http.ErrorClassifier;
import dev.llmrouter.internal.http.ErrorParser;
import dev.llmrouter.internal.http.Json;
import dev.llmrouter.internal.http.Redactor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

@Tag("unit")
class OllamaResponseDecoderTest {
    private final List<ProviderError> classified = new ArrayList<>();
    private final OllamaResponseDecoder decoder = new OllamaResponseDecoder("ollama", Redactor.NONE, root -> {
        ProviderError e = ErrorParser.fromJson(200, root, null, Redactor.NONE);
        classified.add(e);
        return ErrorClassifier.classify("ollama", e, null);
    });

    private ChatChunk line(String json) {
        return decoder.decode(Json.MAPPER.readTree(json));
    }

    @Test
    void textLinesThenDoneLineWithReasonAndUsage() {
        StreamAccumulator acc = new StreamAccumulator();
        acc.add(line("{\"model\":\"llama3.1\",\"created_at\":\"2025-01-01T00:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"Hel\"},\"done\":false}"));
        acc.add(line("{\"model\":\"llama3.1\",\"message\":{\"role\":\"assistant\",\"content\":\"lo\"},\"done\":false}"));
        assertThat(decoder.done()).isFalse();
        ChatChunk last = line("{\"model\":\"llama3.1\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
                + "\"done_reason\":\"length\",\"total_duration\":5000,\"prompt_eval_count\":26,\"eval_count\":2}");
        acc.add(last);

        assertThat(decoder.done()).isTrue();
        assertThat(last.rawFinishReason()).isEqualTo("length");
        assertThat(last.usage()).isEqualTo(new Usage(26, 2, 28, 0));
        ChatResponse r = acc.toResponse();
        assertThat(r.text()).isEqualTo("Hello");
        assertThat(r.model()).isEqualTo("llama3.1");
        assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void wholeToolCallsGetIndexesAndIdsAndTheFinishSaysToolCalls() {
        ChatChunk calls = line("{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                + "{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}},"
                + "{\"id\":\"abc\",\"function\":{\"name\":\"get_time\",\"arguments\":{}}}]},\"done\":false}");
        ChatChunk more = line("{\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                + "{\"function\":{\"name\":\"noop\"}}]},\"done\":false}");
        ChatChunk done = line("{\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":10,\"eval_count\":5}");

        assertThat(calls.toolCalls()).containsExactly(new ToolCallDelta(0, "call_0", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCallDelta(1, "abc", "get_time", "{}"));
        assertThat(more.toolCalls()).containsExactly(new ToolCallDelta(2, "call_2", "noop", "{}"));
        assertThat(done.rawFinishReason()).isEqualTo("tool_calls");
        assertThat(done.finishReason()).contains(FinishReason.TOOL_CALLS);
    }

    @Test
    void doneLineWithoutReasonMeansStop() {
        assertThat(line("{\"message\":{\"content\":\"x\"},\"done\":true}").rawFinishReason()).isEqualTo("stop");
    }

    @Test
    void errorLineGoesToTheClassifierWithStatus200() {
        assertThatThrownBy(() -> line("{\"error\":\"an error was encountered while running the model: unexpected EOF\"}"))
                .isInstanceOf(StreamBrokenException.class).hasMessageContaining("unexpected EOF");
        assertThat(classified).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.message()).isEqualTo("an error was encountered while running the model: unexpected EOF");
        });
    }

    @Test
    void llamaCppContextOverflowInsideTheErrorStringIsAContextWindowError() {
        String inner = "{\"error\":{\"code\":400,\"message\":\"request (13392 tokens) exceeds the available context size (8192 tokens),"
                + " try increasing it\",\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":13392,\"n_ctx\":8192}}";
        ObjectNode line = Json.object().put("error", inner);
        assertThatThrownBy(() -> decoder.decode(line)).isInstanceOf(ContextWindowExceededException.class);
    }

    @Test
    void lineWithoutDoneIsMalformed() {
        assertThatThrownBy(() -> line("{\"choices\":[]}")).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("no boolean 'done' field");
        assertThatThrownBy(() -> line("{\"message\":{\"content\":\"x\"},\"done\":false,\"x\":1}".replace("\"done\":false", "\"done\":\"no\"")))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void wholeAnswerDecodesToAResponse() {
        ChatResponse r = decoder.decodeWhole(Json.MAPPER.readTree("{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\","
                + "\"tool_calls\":[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}]},"
                + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":30,\"eval_count\":12}"), "req-1");
        assertThat(r.message().toolCalls()).containsExactly(new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.usage()).isEqualTo(Usage.of(30, 12));
        assertThat(r.providerRequestId()).contains("req-1");
    }

    @Test
    void wholeAnswerThatIsNotFinishedIsMalformed() {
        assertThatThrownBy(() -> decoder.decodeWhole(Json.MAPPER.readTree("{\"message\":{\"content\":\"x\"},\"done\":false}"), null))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("done:false");
    }
}
