package dev.llmrouter.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.FailureKind;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.ProviderException;
import dev.llmrouter.api.StreamAccumulator;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.ToolCallDelta;
import dev.llmrouter.api.Usage;
import dev.llmrouter.internal.codec.WireJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class OllamaResponseDecoderTest {
    private final List<ProviderError> classified = new ArrayList<>();
    private final OllamaResponseDecoder decoder = new OllamaResponseDecoder("ollama", e -> {
        classified.add(e);
        return new ProviderException(FailureKind.SERVER_ERROR, "ollama", e, e.message(), null);
    });

    private ChatChunk line(String json) {
        return decoder.decode(WireJson.MAPPER.readTree(json));
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
                .isInstanceOf(ProviderException.class);
        assertThat(classified).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(200);
            assertThat(e.message()).isEqualTo("an error was encountered while running the model: unexpected EOF");
        });
    }

    @Test
    void llamaCppErrorInsideTheStringIsLifted() {
        String inner = "{\"error\":{\"code\":400,\"message\":\"request (13392 tokens) exceeds the available context size (8192 tokens), try increasing it\",\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":13392,\"n_ctx\":8192}}";
        ProviderError e = OllamaErrors.fromErrorField(400, WireJson.MAPPER.getNodeFactory().stringNode(inner), "rid");
        assertThat(e.type()).isEqualTo("exceed_context_size_error");
        assertThat(e.code()).isEqualTo("400");
        assertThat(e.message()).startsWith("request (13392 tokens) exceeds the available context size");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.requestId()).isEqualTo("rid");

        ProviderError prefixed = OllamaErrors.liftEmbedded(ProviderError.of(500, "llama runner error: " + inner));
        assertThat(prefixed.type()).isEqualTo("exceed_context_size_error");

        ProviderError plain = OllamaErrors.liftEmbedded(ProviderError.of(404, "model 'x' not found"));
        assertThat(plain).isEqualTo(ProviderError.of(404, "model 'x' not found"));
        ProviderError braces = OllamaErrors.liftEmbedded(ProviderError.of(400, "bad template {not json}"));
        assertThat(braces.message()).isEqualTo("bad template {not json}");
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
        ChatResponse r = decoder.decodeWhole(WireJson.MAPPER.readTree("{\"model\":\"qwen3\",\"message\":{\"role\":\"assistant\",\"content\":\"\","
                + "\"tool_calls\":[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}]},"
                + "\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":30,\"eval_count\":12}"), "req-1");
        assertThat(r.message().toolCalls()).containsExactly(new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}"));
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.usage()).isEqualTo(Usage.of(30, 12));
        assertThat(r.providerRequestId()).contains("req-1");
    }

    @Test
    void wholeAnswerThatIsNotFinishedIsMalformed() {
        assertThatThrownBy(() -> decoder.decodeWhole(WireJson.MAPPER.readTree("{\"message\":{\"content\":\"x\"},\"done\":false}"), null))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("done:false");
    }
}
