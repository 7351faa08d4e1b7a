package dev.llmrouter.api;

import java.util.List;
import java.util.Optional;

/**
 * One piece of a streamed answer: a text delta, tool-call fragments, and on the last pieces the
 * finish reason and usage. Join them with {@link StreamAccumulator}. Immutable and thread-safe.
 *
 * @param id the completion id the server gave ("" when none)
 * @param model the model the server reported ("" when none)
 * @param text the text delta, never null (often empty)
 * @param toolCalls tool-call fragments, never null
 * @param rawFinishReason the server's finish reason on the chunk that carries it, else null
 * @param usage usage, on the chunk that carries it, else null
 */
public record ChatChunk(String id, String model, String text, List<ToolCallDelta> toolCalls, String rawFinishReason,
                        Usage usage) {
    /** Normalises nulls to empty values and copies the list. */
    public ChatChunk {
        id = id == null ? "" : id;
        model = model == null ? "" : model;
        text = text == null ? "" : text;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /** A chunk with only a text delta. */
    public static ChatChunk ofText(String text) {
        return new ChatChunk(null, null, text, List.of(), null, null);
    }

    /** The normalised finish reason, on the chunk that carries one. */
    public Optional<FinishReason> finishReason() {
        return rawFinishReason == null ? Optional.empty() : Optional.of(FinishReason.fromWire(rawFinishReason));
    }

    /** The usage, on the chunk that carries it. */
    public Optional<Usage> usageValue() {
        return Optional.ofNullable(usage);
    }

    /** True when the chunk carries nothing the caller would see (no text, no tool call, no finish). */
    public boolean isEmpty() {
        return text.isEmpty() && toolCalls.isEmpty() && rawFinishReason == null && usage == null;
    }
}
