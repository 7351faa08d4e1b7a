package dev.llmrouter.api;

import java.util.Objects;

/**
 * A function call requested by the model. {@code argumentsJson} is the arguments as the model wrote
 * them: a JSON text that is usually, but not always, valid JSON (OpenAI does not promise it).
 * Immutable and thread-safe. A record: a fixed shape, OpenAI's {@code tool_calls} entry (id, name,
 * arguments).
 *
 * @param id the call id, echoed back in the tool result message ({@link ChatMessage#toolResult})
 * @param name the function name
 * @param argumentsJson the arguments as JSON text, never null ({@code "{}"} when the model sent none)
 */
public record ToolCall(String id, String name, String argumentsJson) {
    /** @throws NullPointerException when the id or name is null */
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        argumentsJson = argumentsJson == null || argumentsJson.isEmpty() ? "{}" : argumentsJson;
    }
}
