package dev.llmrouter.api;

/**
 * Callbacks for the callback form of streaming. Exactly one of {@link #onComplete} or
 * {@link #onError} is called, once, after zero or more {@link #onChunk} calls, all on one thread at a
 * time (never concurrently).
 */
public interface StreamHandler {
    /** A chunk arrived. */
    void onChunk(ChatChunk chunk);

    /** The stream ended normally with this aggregated answer. */
    void onComplete(ChatResponse response);

    /** The stream failed. */
    void onError(LlmRouterException error);
}
