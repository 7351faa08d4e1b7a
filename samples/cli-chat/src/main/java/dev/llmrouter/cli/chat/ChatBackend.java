package dev.llmrouter.cli.chat;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;

/**
 * What the chat commands need from a router: a whole answer, or a streamed one. The CLI passes
 * {@code router::chat} and {@code router::stream} of an {@code LlmRouter}; keeping the chat logic
 * behind this seam lets it be tested with any stand-in. Implementations must be thread-safe for
 * one caller at a time.
 */
public interface ChatBackend {
    /**
     * The whole answer.
     *
     * @throws dev.llmrouter.api.LlmRouterException when the request fails after retries and fallbacks
     */
    ChatResponse chat(ChatRequest request);

    /**
     * A streamed answer; closing it cancels the request.
     *
     * @throws dev.llmrouter.api.LlmRouterException when the request fails before the stream opens
     */
    ChatStream stream(ChatRequest request);
}
