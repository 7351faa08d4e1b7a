package dev.llmrouter.spi.provider;

import dev.llmrouter.api.ChatChunk;
import java.util.Optional;

/**
 * A stream from one provider, read one chunk at a time. The adapter has already checked the HTTP
 * status when it returns one, so the stream is open and 200.
 *
 * <p>Not thread-safe for reading: one thread calls {@link #next()}. {@link #close()} may be called
 * from any thread and aborts a blocked {@code next()}.
 */
public interface ProviderStream extends AutoCloseable {

    /**
     * The next chunk, blocking until it arrives; null when the stream ended properly (a finish
     * reason was seen and the server's end marker or end of input followed).
     *
     * @throws dev.llmrouter.api.LlmRouterException typed: an error event, a broken or truncated stream
     *         ({@link dev.llmrouter.api.StreamBrokenException}), a malformed chunk, or the
     *         context's cancellation reason (a timeout)
     */
    ChatChunk next();

    /** The provider's request id header, when it sent one. */
    Optional<String> providerRequestId();

    /** Aborts the stream if it is still open and frees its connection. Idempotent. */
    @Override
    void close();
}
