package dev.llmrouter.internal.adapter;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.StreamBrokenException;
import dev.llmrouter.internal.http.HttpStream;
import dev.llmrouter.spi.provider.ProviderStream;
import java.util.Objects;
import java.util.Optional;

/**
 * The lifecycle every adapter's stream shares, over one open {@link HttpStream}; a subclass only
 * decodes its wire format in {@link #decodeNext()}. A clean end finishes the HTTP stream (what is
 * left of the body after the last record is read, and the connection goes back to the pool) and every later {@link #next()} returns {@code null}. A
 * failure closes it too, freeing the connection, and every later {@link #next()} throws the same
 * exception: a failed stream never looks like a clean end. The provider request id is the HTTP
 * stream's. The first chunk with something in it (text, a tool-call delta, a finish reason or
 * usage) is reported to the HTTP stream's deadlines ({@link HttpStream#firstChunkProduced()}): the
 * attempt timeout covers the wait for it, and the stream and idle limits start there, whatever
 * records carrying nothing came before.
 *
 * <p>Not thread-safe for reading (one thread); {@link #close()} may be called from any thread and
 * aborts a blocked read.
 */
public abstract class DecodingStream implements ProviderStream {
    private final HttpStream http;
    private boolean ended;
    private boolean produced;
    private RuntimeException failure;

    /** A stream that reads {@code http}, which it closes at the end. */
    protected DecodingStream(HttpStream http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    @Override
    public final ChatChunk next() {
        if (failure != null) {
            throw failure;
        }
        if (ended) {
            return null;
        }
        try {
            ChatChunk chunk = decodeNext();
            if (chunk == null) {
                ended = true;
                http.finish();
            } else if (!produced && !chunk.isEmpty()) {
                produced = true;
                http.firstChunkProduced();
            }
            return chunk;
        } catch (RuntimeException e) {
            failure = e;
            http.close();
            throw e;
        }
    }

    /**
     * Reads records until one gives a chunk worth returning.
     *
     * @return the chunk, or {@code null} at a clean end of the stream
     * @throws dev.llmrouter.api.LlmRouterException typed, for an error record, a malformed one, or an
     *         end of input before the format's last record (see {@link #broken})
     */
    protected abstract ChatChunk decodeNext();

    /** The open HTTP stream, for the subclass's record reader. */
    protected final HttpStream http() {
        return http;
    }

    /** The provider request id, or {@code null} when the provider sent none; for exceptions. */
    protected final String requestId() {
        return http.requestId().orElse(null);
    }

    /** The exception for a stream that ended before its last record ({@code message} says which). */
    protected final StreamBrokenException broken(String message) {
        return new StreamBrokenException(http.provider(), ProviderError.builder(200).message(message)
                .requestId(requestId()).build(),
                message, null);
    }

    @Override
    public final Optional<String> providerRequestId() {
        return http.requestId();
    }

    @Override
    public final void close() {
        http.close();
    }
}
