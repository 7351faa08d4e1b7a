package dev.llmrouter.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class StreamAccumulatorTest {

    @Test
    void joinsTextAndKeepsLastFinishAndUsage() {
        StreamAccumulator acc = new StreamAccumulator();
        acc.add(ChatChunk.builder().id("c1").model("m").text("Hel").build());
        acc.add(ChatChunk.builder().id("c1").model("m").text("lo").rawFinishReason("stop").build());
        acc.add(ChatChunk.builder().id("c1").model("m").text("").usage(Usage.of(3, 2)).build());

        ChatResponse r = acc.toResponse();

        assertThat(r.text()).isEqualTo("Hello");
        assertThat(r.id()).isEqualTo("c1");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(r.usage()).isEqualTo(new Usage(3, 2, 5, 0));
        assertThat(acc.finished()).isTrue();
        assertThat(acc.chunkCount()).isEqualTo(3);
    }

    @Test
    void joinsToolCallFragmentsPerIndexInArrivalOrder() {
        StreamAccumulator acc = new StreamAccumulator();
        acc.add(ChatChunk.builder().toolCalls(List.of(new ToolCallDelta(0, "call_a", "get_weather", ""))).build());
        acc.add(ChatChunk.builder().toolCalls(List.of(new ToolCallDelta(1, "call_b", "get_time", "{\"tz\""))).build());
        acc.add(ChatChunk.builder().toolCalls(List.of(new ToolCallDelta(0, null, null, "{\"city\":"))).build());
        acc.add(ChatChunk.builder().toolCalls(List.of(new ToolCallDelta(1, null, null, ":\"UTC\"}"))).build());
        acc.add(ChatChunk.builder().toolCalls(List.of(new ToolCallDelta(0, null, null, "\"Paris\"}")))
                .rawFinishReason("tool_calls").build());

        ChatResponse r = acc.toResponse();

        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.message().toolCalls()).containsExactly(
                new ToolCall("call_a", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCall("call_b", "get_time", "{\"tz\":\"UTC\"}"));
    }

    @Test
    void unfinishedStreamIsReportedAsSuch() {
        StreamAccumulator acc = new StreamAccumulator();
        acc.add(ChatChunk.ofText("partial"));
        assertThat(acc.finished()).isFalse();
        assertThat(acc.toResponse().finishReason()).isEqualTo(FinishReason.OTHER);
        assertThat(acc.usage()).isEqualTo(Usage.EMPTY);
    }

    @Test
    void toolCallWithoutIdGetsIndexBasedId() {
        StreamAccumulator acc = new StreamAccumulator();
        acc.add(ChatChunk.builder().toolCalls(List.of(new ToolCallDelta(2, null, "f", "{}")))
                .rawFinishReason("tool_calls").build());
        assertThat(acc.toResponse().message().toolCalls()).containsExactly(new ToolCall("call_2", "f", "{}"));
    }
}
