package dev.llmrouter.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One piece of a streamed answer: a text delta, tool-call fragments, and on the last pieces the
 * finish reason and usage. Join them with {@link StreamAccumulator}. Immutable and thread-safe;
 * adapters build chunks with {@link #builder()}. A class rather than a record so that new fields
 * can be added without breaking callers.
 */
public final class ChatChunk {
    private final String id;
    private final String model;
    private final String text;
    private final List<ToolCallDelta> toolCalls;
    private final String rawFinishReason;
    private final Usage usage;

    private ChatChunk(Builder b) {
        this.id = b.id == null ? "" : b.id;
        this.model = b.model == null ? "" : b.model;
        this.text = b.text == null ? "" : b.text;
        this.toolCalls = List.copyOf(b.toolCalls);
        this.rawFinishReason = b.rawFinishReason;
        this.usage = b.usage;
    }

    /** A chunk with only a text delta. */
    public static ChatChunk ofText(String text) {
        return builder().text(text).build();
    }

    /** A builder for an empty chunk. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this chunk's values. */
    public Builder toBuilder() {
        return new Builder().id(id).model(model).text(text).toolCalls(toolCalls).rawFinishReason(rawFinishReason)
                .usage(usage);
    }

    /** The completion id the server gave ("" when none). */
    public String id() {
        return id;
    }

    /** The model the server reported ("" when none). */
    public String model() {
        return model;
    }

    /** The text delta, never null (often empty). */
    public String text() {
        return text;
    }

    /** Tool-call fragments, never null. */
    public List<ToolCallDelta> toolCalls() {
        return toolCalls;
    }

    /** The server's finish reason on the chunk that carries it, else null. */
    public String rawFinishReason() {
        return rawFinishReason;
    }

    /** The normalised finish reason, on the chunk that carries one. */
    public Optional<FinishReason> finishReason() {
        return rawFinishReason == null ? Optional.empty() : Optional.of(FinishReason.fromWire(rawFinishReason));
    }

    /** Usage, on the chunk that carries it, else null. */
    public Usage usage() {
        return usage;
    }

    /** True when the chunk carries nothing the caller would see (no text, no tool call, no finish). */
    public boolean isEmpty() {
        return text.isEmpty() && toolCalls.isEmpty() && rawFinishReason == null && usage == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatChunk c && c.id.equals(id) && c.model.equals(model) && c.text.equals(text)
                && c.toolCalls.equals(toolCalls) && Objects.equals(c.rawFinishReason, rawFinishReason)
                && Objects.equals(c.usage, usage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, model, text, toolCalls, rawFinishReason, usage);
    }

    @Override
    public String toString() {
        return "ChatChunk[id=" + id + ", model=" + model + ", text=" + text + ", toolCalls=" + toolCalls
                + ", rawFinishReason=" + rawFinishReason + ", usage=" + usage + "]";
    }

    /** Builds a {@link ChatChunk}; every field starts empty. Not thread-safe. */
    public static final class Builder {
        private String id;
        private String model;
        private String text;
        private final List<ToolCallDelta> toolCalls = new ArrayList<>();
        private String rawFinishReason;
        private Usage usage;

        private Builder() {
        }

        /** The completion id the server gave (null or "" for none). */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** The model the server reported (null or "" for none). */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** The text delta (null for none). */
        public Builder text(String text) {
            this.text = text;
            return this;
        }

        /** Replaces the tool-call fragments (null for none). */
        public Builder toolCalls(List<ToolCallDelta> deltas) {
            toolCalls.clear();
            if (deltas != null) {
                toolCalls.addAll(deltas);
            }
            return this;
        }

        /** The server's finish reason, on the chunk that carries it (null for none). */
        public Builder rawFinishReason(String reason) {
            this.rawFinishReason = reason;
            return this;
        }

        /** Usage, on the chunk that carries it (null for none). */
        public Builder usage(Usage usage) {
            this.usage = usage;
            return this;
        }

        /** @throws NullPointerException when a tool-call fragment is null */
        public ChatChunk build() {
            return new ChatChunk(this);
        }
    }
}
