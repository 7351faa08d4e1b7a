package dev.llmrouter.provider.anthropic;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.StreamBrokenException;
import dev.llmrouter.internal.http.HttpStream;
import dev.llmrouter.internal.http.SseEvent;
import dev.llmrouter.internal.http.SseReader;
import dev.llmrouter.provider.ProviderStream;
import java.util.Optional;

/**
 * An Anthropic Messages stream: SSE events through {@link AnthropicStreamDecoder}, ending at
 * {@code message_stop}. End of input before it is a {@link StreamBrokenException}; any failure
 * closes the HTTP stream, freeing its connection.
 *
 * <p>Not thread-safe for reading; {@link #close()} may be called from any thread.
 */
final class AnthropicStream implements ProviderStream {
    /** What an SSE event without an {@code event:} line is called; the decoder then reads {@code data.type}. */
    private static final String UNNAMED = "message";

    private final HttpStream http;
    private final SseReader events;
    private final AnthropicStreamDecoder decoder;
    private boolean ended;

    AnthropicStream(HttpStream http, int maxEventChars, AnthropicStreamDecoder decoder) {
        this.http = http;
        this.events = new SseReader(http, maxEventChars, http.provider());
        this.decoder = decoder;
    }

    @Override
    public ChatChunk next() {
        if (ended) {
            return null;
        }
        try {
            while (true) {
                SseEvent e = events.next();
                if (e == null) {
                    if (!decoder.finished()) {
                        String msg = "the Anthropic stream ended before message_stop";
                        throw new StreamBrokenException(http.provider(), new ProviderError(200, null, null, msg,
                                http.requestId().orElse(null), null, null), msg, null);
                    }
                    ended = true;
                    http.close();
                    return null;
                }
                ChatChunk chunk = decoder.onEvent(UNNAMED.equals(e.event()) ? null : e.event(), e.data());
                if (chunk != null) {
                    return chunk;
                }
            }
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
    }

    @Override
    public Optional<String> providerRequestId() {
        return http.requestId();
    }

    @Override
    public void close() {
        http.close();
    }
}
