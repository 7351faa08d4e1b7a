package dev.llmrouter.api;

/**
 * Token counts of one response. Servers that report nothing give {@link #EMPTY}. Immutable and
 * thread-safe. A record: a fixed shape, the token counts the wire formats share.
 *
 * @param promptTokens input tokens
 * @param completionTokens output tokens
 * @param totalTokens input plus output as the server reported it (computed when the server sent none)
 * @param cachedPromptTokens input tokens served from the provider's prompt cache (0 when unknown)
 */
public record Usage(long promptTokens, long completionTokens, long totalTokens, long cachedPromptTokens) {
    /** No usage reported. */
    public static final Usage EMPTY = new Usage(0, 0, 0, 0);

    /** @throws IllegalArgumentException when a count is negative */
    public Usage {
        if (promptTokens < 0 || completionTokens < 0 || totalTokens < 0 || cachedPromptTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
        if (totalTokens == 0) {
            totalTokens = promptTokens + completionTokens;
        }
    }

    /** Usage with prompt and completion counts; the total is their sum. */
    public static Usage of(long promptTokens, long completionTokens) {
        return new Usage(promptTokens, completionTokens, promptTokens + completionTokens, 0);
    }

    /** True when the server reported no counts at all. */
    public boolean isEmpty() {
        return promptTokens == 0 && completionTokens == 0 && totalTokens == 0;
    }
}
