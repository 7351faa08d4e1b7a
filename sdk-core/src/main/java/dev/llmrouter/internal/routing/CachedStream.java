package dev.llmrouter.internal.routing;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.ToolCallDelta;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A stream answered by the response cache: the whole answer as one chunk (text, tool calls, finish
 * reason and usage), then the end. Not thread-safe for iteration; {@link #close()} does nothing.
 */
final class CachedStream implements ChatStream {
    private final ChatResponse response;
    private boolean iterated;

    CachedStream(ChatResponse response) {
        this.response = response;
    }

    @Override
    public Iterator<ChatChunk> iterator() {
        if (iterated) {
            throw new IllegalStateException("a ChatStream can be iterated only once");
        }
        iterated = true;
        List<ToolCallDelta> calls = new ArrayList<>();
        List<ToolCall> toolCalls = response.message().toolCalls();
        for (int i = 0; i < toolCalls.size(); i++) {
            ToolCall c = toolCalls.get(i);
            calls.add(new ToolCallDelta(i, c.id(), c.name(), c.argumentsJson()));
        }
        ChatChunk whole = ChatChunk.builder().id(response.id()).model(response.model()).text(response.text())
                .toolCalls(calls)
                .rawFinishReason(response.rawFinishReason()
                        .orElse(response.finishReason().name().toLowerCase(java.util.Locale.ROOT)))
                .usage(response.usage()).build();
        return List.of(whole).iterator();
    }

    @Override
    public ChatResponse response() {
        return response;
    }

    @Override
    public void close() {
        // nothing is held open
    }
}
