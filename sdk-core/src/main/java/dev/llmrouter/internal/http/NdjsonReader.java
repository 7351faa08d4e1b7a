package dev.llmrouter.internal.http;

import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.StreamBrokenException;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads newline-delimited JSON (Ollama's native streams): one JSON object per line, blank lines
 * skipped. A line that is not a JSON object is a {@link MalformedResponseException} quoting a short
 * excerpt; a last line cut off by the end of input is a {@link StreamBrokenException}.
 *
 * <p>Not thread-safe: one reader thread.
 */
public final class NdjsonReader {
    private static final int EXCERPT = 120;

    private final LineSource lines;
    private final String provider;

    /** A reader over {@code lines}; {@code provider} names the provider in error messages. */
    public NdjsonReader(LineSource lines, String provider) {
        this.lines = Objects.requireNonNull(lines, "lines");
        this.provider = provider;
    }

    /** The next JSON object, or null at the end of input. */
    public JsonNode next() {
        while (true) {
            String line = lines.readLine();
            if (line == null) {
                return null;
            }
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = Json.parse(line);
            } catch (JacksonException e) {
                if (!lines.lastLineTerminated()) {
                    String msg = "stream ended in the middle of a line: " + Excerpts.of(line, EXCERPT);
                    throw new StreamBrokenException(provider, ProviderError.of(200, msg), msg, null);
                }
                throw malformed(line, e);
            }
            if (node == null || !node.isObject()) {
                throw malformed(line, null);
            }
            lines.recordArrived();
            return node;
        }
    }

    private MalformedResponseException malformed(String line, Throwable cause) {
        String msg = "stream line is not a JSON object: " + Excerpts.of(line, EXCERPT);
        return new MalformedResponseException(provider, ProviderError.of(200, msg), msg, cause);
    }
}
