package dev.llmrouter.internal.http;

import dev.llmrouter.api.StreamBrokenException;
import dev.llmrouter.api.ProviderError;
import java.io.IOException;

/**
 * Where the stream parsers ({@link SseReader}, {@link NdjsonReader}) get their lines, and whom they
 * tell that a record (an SSE event, an NDJSON line) arrived, which drives the stream deadlines.
 * Failures are typed {@link dev.llmrouter.api.LlmRouterException}s, never raw I/O exceptions.
 *
 * <p>Not thread-safe: one reader thread.
 */
public interface LineSource {

    /** The next line, or null at the end of input. */
    String readLine();

    /** False when the last line ended at the end of input without a line end (it may have been cut). */
    boolean lastLineTerminated();

    /** Called by a parser each time a whole record arrived (not for comments or blank lines). */
    default void recordArrived() {
    }

    /** A source over a plain {@link LineReader}, mapping read failures to {@link StreamBrokenException}. */
    static LineSource of(LineReader reader, String provider) {
        return new LineSource() {
            @Override
            public String readLine() {
                try {
                    return reader.readLine();
                } catch (IOException e) {
                    String msg = "stream broken: " + e;
                    throw new StreamBrokenException(provider, ProviderError.of(200, msg), msg, e);
                }
            }

            @Override
            public boolean lastLineTerminated() {
                return reader.lastLineTerminated();
            }
        };
    }
}
