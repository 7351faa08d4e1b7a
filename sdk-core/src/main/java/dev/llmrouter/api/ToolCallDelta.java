package dev.llmrouter.api;


/**
 * A fragment of a tool call in a stream. Fragments with the same {@link #index()} belong to one
 * call: the first usually carries the id and name, later ones carry pieces of the arguments text to
 * be concatenated in order. Immutable and thread-safe. A record: a fixed shape, a streamed fragment
 * of a {@link ToolCall} (its fields and an index).
 *
 * @param index which call of the message this fragment belongs to (0, 1, ... for parallel calls)
 * @param id the call id, when this fragment carries it
 * @param name the function name, when this fragment carries it
 * @param argumentsFragment the next piece of the arguments JSON text, never null (may be empty)
 */
public record ToolCallDelta(int index, String id, String name, String argumentsFragment) {
    /** Normalises a null fragment to the empty string. */
    public ToolCallDelta {
        argumentsFragment = argumentsFragment == null ? "" : argumentsFragment;
    }
}
