package dev.llmrouter.internal.http;

import java.util.Objects;

/**
 * One server-sent event. Immutable and thread-safe.
 *
 * @param event the event name ({@code message} when the server sent no {@code event:} line)
 * @param data the {@code data:} lines joined with {@code \n}
 * @param id the last {@code id:} value seen, or null
 */
public record SseEvent(String event, String data, String id) {
    /** The OpenAI-family end marker. */
    public static final String DONE = "[DONE]";

    /** @throws NullPointerException when event or data is null */
    public SseEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
    }

    /** True for the OpenAI-family end marker {@code data: [DONE]}. */
    public boolean isDone() {
        return DONE.equals(data.strip());
    }
}
