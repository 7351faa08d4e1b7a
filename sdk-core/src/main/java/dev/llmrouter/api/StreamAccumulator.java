package dev.llmrouter.api;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Joins the chunks of a stream into one {@link ChatResponse}: text deltas in order, tool-call
 * fragments joined per index (id and name from whichever fragment carries them, argument pieces
 * concatenated), the last finish reason and the last usage seen.
 *
 * <p>Not thread-safe: feed it from the one thread that reads the stream.
 */
public final class StreamAccumulator {
    private final StringBuilder text = new StringBuilder();
    private final TreeMap<Integer, PartialCall> calls = new TreeMap<>();
    private String id = "";
    private String model = "";
    private String rawFinishReason;
    private Usage usage;
    private int chunks;

    /** Adds the next chunk. */
    public void add(ChatChunk chunk) {
        chunks++;
        if (!chunk.id().isEmpty()) {
            id = chunk.id();
        }
        if (!chunk.model().isEmpty()) {
            model = chunk.model();
        }
        text.append(chunk.text());
        List<ToolCallDelta> deltas = chunk.toolCalls();
        // indexed, not iterated: most chunks have none, and an iterator per chunk is garbage per chunk
        for (int i = 0; i < deltas.size(); i++) {
            ToolCallDelta d = deltas.get(i);
            PartialCall c = calls.computeIfAbsent(d.index(), k -> new PartialCall());
            if (d.id() != null && !d.id().isEmpty()) {
                c.id = d.id();
            }
            if (d.name() != null && !d.name().isEmpty()) {
                c.name = d.name();
            }
            c.arguments.append(d.argumentsFragment());
        }
        if (chunk.rawFinishReason() != null) {
            rawFinishReason = chunk.rawFinishReason();
        }
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
    }

    /** The text so far. */
    public String text() {
        return text.toString();
    }

    /** True once a chunk carried a finish reason. */
    public boolean finished() {
        return rawFinishReason != null;
    }

    /** How many chunks were added. */
    public int chunkCount() {
        return chunks;
    }

    /** The usage seen last, or {@link Usage#EMPTY}. */
    public Usage usage() {
        return usage == null ? Usage.EMPTY : usage;
    }

    /**
     * The response so far as one {@link ChatResponse} (without a route). A tool call whose id never
     * arrived gets {@code call_<index>}, as some servers omit ids.
     */
    public ChatResponse toResponse() {
        List<ToolCall> toolCalls = new ArrayList<>(calls.size());
        calls.forEach((index, c) -> toolCalls.add(new ToolCall(c.id == null ? "call_" + index : c.id,
                c.name == null ? "" : c.name, c.arguments.toString())));
        ChatMessage message = toolCalls.isEmpty()
                ? ChatMessage.assistant(text.toString())
                : ChatMessage.assistantToolCalls(text.toString(), toolCalls);
        return ChatResponse.builder().id(id).model(model).message(message).rawFinishReason(rawFinishReason)
                .usage(usage()).build();
    }

    private static final class PartialCall {
        private String id;
        private String name;
        private final StringBuilder arguments = new StringBuilder();
    }
}
