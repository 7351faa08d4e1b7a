package dev.llmrouter.internal.provider.ollama;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.StreamBrokenException;
import dev.llmrouter.internal.adapter.DecodingStream;
import dev.llmrouter.internal.http.HttpStream;
import dev.llmrouter.internal.http.NdjsonReader;
import tools.jackson.databind.JsonNode;

/**
 * An Ollama NDJSON chat stream: one {@link ChatChunk} per line that carries something, ending
 * after the {@code done:true} line. End of input before that line is a
 * {@link StreamBrokenException}; an {@code {"error": ...}} line is its typed exception. Closing and
 * failure handling are {@link DecodingStream}'s.
 *
 * <p>Not thread-safe for reading; {@link #close()} may be called from any thread.
 */
final class OllamaStream extends DecodingStream {
    private final NdjsonReader lines;
    private final OllamaResponseDecoder decoder;

    OllamaStream(HttpStream http, OllamaResponseDecoder decoder) {
        super(http);
        this.lines = new NdjsonReader(http, http.provider());
        this.decoder = decoder;
    }

    @Override
    protected ChatChunk decodeNext() {
        while (true) {
            JsonNode line = lines.next();
            if (line == null) {
                if (!decoder.done()) {
                    throw broken("the Ollama stream ended before its done line");
                }
                return null;
            }
            if (decoder.done()) {
                continue; // nothing follows the done line on a real server; drain to the end so the connection can be reused
            }
            ChatChunk chunk = decoder.decode(line);
            if (!chunk.isEmpty()) {
                return chunk;
            }
        }
    }
}
