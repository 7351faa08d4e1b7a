package dev.llmrouter.internal.provider.anthropic;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.StreamBrokenException;
import dev.llmrouter.internal.adapter.DecodingStream;
import dev.llmrouter.internal.http.HttpStream;
import dev.llmrouter.internal.http.SseEvent;
import dev.llmrouter.internal.http.SseReader;

/**
 * An Anthropic Messages stream: SSE events through {@link AnthropicStreamDecoder}, ending at
 * {@code message_stop}. End of input before it is a {@link StreamBrokenException}; closing and
 * failure handling are {@link DecodingStream}'s.
 *
 * <p>Not thread-safe for reading; {@link #close()} may be called from any thread.
 */
final class AnthropicStream extends DecodingStream {
    /** What an SSE event without an {@code event:} line is called; the decoder then reads {@code data.type}. */
    private static final String UNNAMED = "message";

    private final SseReader events;
    private final AnthropicStreamDecoder decoder;

    AnthropicStream(HttpStream http, int maxEventChars, AnthropicStreamDecoder decoder) {
        super(http);
        this.events = new SseReader(http, maxEventChars, http.provider());
        this.decoder = decoder;
    }

    @Override
    protected ChatChunk decodeNext() {
        while (true) {
            SseEvent e = events.next();
            if (e == null) {
                if (!decoder.finished()) {
                    throw broken("the Anthropic stream ended before message_stop");
                }
                return null;
            }
            ChatChunk chunk = decoder.onEvent(UNNAMED.equals(e.event()) ? null : e.event(), e.data());
            if (chunk != null) {
                return chunk;
            }
        }
    }
}
