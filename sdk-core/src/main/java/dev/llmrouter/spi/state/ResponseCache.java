package dev.llmrouter.spi.state;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import java.util.Optional;

/**
 * Stores whole answers by model group and request content (messages, sampling values, tools,
 * response format; never the per-request options or metadata). The router consults it only for
 * requests that opt in ({@code RequestOptions.cache(true)}) or whose group sets {@code cache: true}.
 * The local implementation is in memory (Caffeine); a shared one may live in Redis.
 *
 * <p>Implementations are thread-safe and never throw for a cache miss or a store they skip.
 */
public interface ResponseCache {

    /** The stored answer for this request to {@code group}, if any. */
    Optional<ChatResponse> get(String group, ChatRequest request);

    /** Stores an answer. */
    void put(String group, ChatRequest request, ChatResponse response);
}
