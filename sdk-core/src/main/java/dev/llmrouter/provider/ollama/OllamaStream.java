package dev.llmrouter.provider.ollama;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.StreamBrokenException;
import dev.llmrouter.internal.http.HttpStream;
import dev.llmrouter.internal.http.NdjsonReader;
import dev.llmrouter.provider.ProviderStream;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * An Ollama NDJSON chat stream: one {@link ChatChunk} per line that carries something, ending
 * after the {@code done:true} line. End of input before that line is a
 * {@link StreamBrokenException}; an {@code {"error": ...}} line is its typed exception. Any failure
 * closes the HTTP stream, freeing its connection.
 *
 * <p>Not thread-safe for reading; {@link #close()} may be called from any thread.
 */
final class OllamaStream implements ProviderStream {
    private final HttpStream http;
    private final NdjsonReader lines;
    private final OllamaResponseDecoder decoder;
    private boolean ended;

    OllamaStream(HttpStream http, OllamaResponseDecoder decoder) {
        this.http = http;
        this.lines = new NdjsonReader(http, http.provider());
        this.decoder = decoder;
    }

    @Override
    public ChatChunk next() {
        if (ended) {
            return null;
        }
        try {
            while (true) {
                JsonNode line = lines.next();
                if (line == null) {
                    if (!decoder.done()) {
                        String msg = "the Ollama stream ended before its done line";
                        throw new StreamBrokenException(http.provider(), new ProviderError(200, null, null, msg,
                                http.requestId().orElse(null), null, null), msg, null);
                    }
                    ended = true;
                    http.close();
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
