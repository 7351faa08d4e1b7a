package dev.llmrouter.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of a conversation in the OpenAI chat shape, which every adapter translates to its
 * server's format. Content is a list of parts (text and images); an assistant message may carry
 * tool calls instead of or beside text; a tool message carries the id of the call it answers.
 * Immutable and thread-safe; build with the static factories or {@link #builder(Role)}.
 */
public final class ChatMessage {
    private final Role role;
    private final List<ContentPart> content;
    private final List<ToolCall> toolCalls;
    private final String toolCallId;
    private final String name;

    private ChatMessage(Builder b) {
        this.role = Objects.requireNonNull(b.role, "role");
        this.content = List.copyOf(b.content);
        this.toolCalls = List.copyOf(b.toolCalls);
        this.toolCallId = b.toolCallId;
        this.name = b.name;
        if (role == Role.TOOL && (toolCallId == null || toolCallId.isEmpty())) {
            throw new IllegalArgumentException("a tool message needs the id of the tool call it answers");
        }
        if (!toolCalls.isEmpty() && role != Role.ASSISTANT) {
            throw new IllegalArgumentException("only assistant messages carry tool calls, not " + role.wireName());
        }
    }

    /** A system message. */
    public static ChatMessage system(String text) {
        return builder(Role.SYSTEM).text(text).build();
    }

    /** A developer message (OpenAI's newer name for system instructions). */
    public static ChatMessage developer(String text) {
        return builder(Role.DEVELOPER).text(text).build();
    }

    /** A user message with text. */
    public static ChatMessage user(String text) {
        return builder(Role.USER).text(text).build();
    }

    /** A user message made of parts (text and images). */
    public static ChatMessage user(List<ContentPart> parts) {
        return builder(Role.USER).content(parts).build();
    }

    /** An assistant message with text. */
    public static ChatMessage assistant(String text) {
        return builder(Role.ASSISTANT).text(text).build();
    }

    /** An assistant message that requests tool calls (with optional text, which may be null). */
    public static ChatMessage assistantToolCalls(String text, List<ToolCall> calls) {
        Builder b = builder(Role.ASSISTANT).toolCalls(calls);
        if (text != null && !text.isEmpty()) {
            b.text(text);
        }
        return b.build();
    }

    /** The result of the tool call with the given id. */
    public static ChatMessage toolResult(String toolCallId, String result) {
        return builder(Role.TOOL).toolCallId(toolCallId).text(result).build();
    }

    /** A builder for a message of the given role. */
    public static Builder builder(Role role) {
        return new Builder(role);
    }

    /** A builder holding this message's values. */
    public Builder toBuilder() {
        Builder b = new Builder(role);
        b.content.addAll(content);
        b.toolCalls.addAll(toolCalls);
        b.toolCallId = toolCallId;
        b.name = name;
        return b;
    }

    /** The author. */
    public Role role() {
        return role;
    }

    /** The content parts, possibly empty (an assistant message with only tool calls). */
    public List<ContentPart> content() {
        return content;
    }

    /** The text parts joined, or the empty string when there is none. */
    public String text() {
        if (content.size() == 1 && content.get(0) instanceof ContentPart.Text t) {
            return t.text();
        }
        StringBuilder sb = new StringBuilder();
        for (ContentPart p : content) {
            if (p instanceof ContentPart.Text t) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }

    /** True when every part is text (so the content can go out as a plain string). */
    public boolean isTextOnly() {
        for (ContentPart p : content) {
            if (!(p instanceof ContentPart.Text)) {
                return false;
            }
        }
        return true;
    }

    /** Tool calls requested by an assistant message; empty otherwise. */
    public List<ToolCall> toolCalls() {
        return toolCalls;
    }

    /** For a tool message, the id of the call it answers. */
    public Optional<String> toolCallId() {
        return Optional.ofNullable(toolCallId);
    }

    /** The optional participant name (OpenAI {@code name}; for tool results, Ollama's {@code tool_name}). */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatMessage m && m.role == role && m.content.equals(content) && m.toolCalls.equals(toolCalls)
                && Objects.equals(m.toolCallId, toolCallId) && Objects.equals(m.name, name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, content, toolCalls, toolCallId, name);
    }

    @Override
    public String toString() {
        String t = text();
        return "ChatMessage[" + role.wireName() + ", " + (t.length() > 80 ? t.substring(0, 80) + "..." : t)
                + (toolCalls.isEmpty() ? "" : ", toolCalls=" + toolCalls) + "]";
    }

    /** Builds a {@link ChatMessage}. Not thread-safe. */
    public static final class Builder {
        private final Role role;
        private final List<ContentPart> content = new ArrayList<>();
        private final List<ToolCall> toolCalls = new ArrayList<>();
        private String toolCallId;
        private String name;

        private Builder(Role role) {
            this.role = role;
        }

        /** Appends a text part. */
        public Builder text(String text) {
            content.add(ContentPart.text(text));
            return this;
        }

        /** Appends a part. */
        public Builder part(ContentPart part) {
            content.add(Objects.requireNonNull(part, "part"));
            return this;
        }

        /** Replaces the content with these parts. */
        public Builder content(List<ContentPart> parts) {
            content.clear();
            parts.forEach(this::part);
            return this;
        }

        /** Replaces the tool calls. */
        public Builder toolCalls(List<ToolCall> calls) {
            toolCalls.clear();
            toolCalls.addAll(calls);
            return this;
        }

        /** Sets the id of the tool call a tool message answers. */
        public Builder toolCallId(String id) {
            this.toolCallId = id;
            return this;
        }

        /** Sets the participant name. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** @throws IllegalArgumentException when the message is inconsistent (a tool message without a call id, ...) */
        public ChatMessage build() {
            return new ChatMessage(this);
        }
    }
}
