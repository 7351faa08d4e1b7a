package dev.llmrouter.internal.http;

import dev.llmrouter.api.StreamBrokenException;
import dev.llmrouter.api.ProviderError;
import java.io.IOException;

/**
 * Where the stream parsers ({@link SseReader}, {@link NdjsonReader}) get their lines, and whom they
 * tell that a record (an SSE event, an NDJSON line) arrived, which restarts the idle deadline.
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

    /**
     * The fast path for a record of one line: {@link LineReader#peekOneLineRecord}. Sources that
     * cannot (the default) return -1, and the parser reads lines as usual.
     *
     * @return the line's length in {@link #peekedBytes()}, or -1
     */
    default int peekOneLineRecord(int maxBytes) {
        return -1;
    }

    /** The bytes of the line {@link #peekOneLineRecord} found; valid until the next read. */
    default byte[] peekedBytes() {
        throw new IllegalStateException("this source peeks no records");
    }

    /** Consumes the record {@link #peekOneLineRecord} found. */
    default void consumePeeked() {
        throw new IllegalStateException("this source peeks no records");
    }

    /** A source over a plain {@link LineReader}, mapping read failures to {@link StreamBrokenException}. */
    static LineSource of(LineReader reader, String provider) {
        return new LineSource() {
            @Override
            public String readLine() {
                try {
                    return reader.readLine();
                } catch (IOException e) {
                    throw broken(provider, e);
                }
            }

            @Override
            public boolean lastLineTerminated() {
                return reader.lastLineTerminated();
            }

            @Override
            public int peekOneLineRecord(int maxBytes) {
                try {
                    return reader.peekOneLineRecord(maxBytes);
                } catch (IOException e) {
                    throw broken(provider, e);
                }
            }

            @Override
            public byte[] peekedBytes() {
                return reader.peekedBytes();
            }

            @Override
            public void consumePeeked() {
                reader.consumePeeked();
            }
        };
    }

    private static StreamBrokenException broken(String provider, IOException e) {
        String msg = "stream broken: " + e;
        return new StreamBrokenException(provider, ProviderError.of(200, msg), msg, e);
    }
}
