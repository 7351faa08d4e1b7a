package dev.llmrouter.internal.http;

import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.api.ProviderError;
import java.io.IOException;
import java.util.Objects;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;

/**
 * Reads lines from a byte stream with a hard cap on the line length. Bytes are collected until a
 * line end ({@code LF}, {@code CRLF} or a lone {@code CR}) and only then decoded as UTF-8, so a
 * multi-byte character split across network reads stays intact. It never asks the source for more
 * than the cap plus one read, so a server that sends an endless line cannot exhaust memory.
 *
 * <p>Not thread-safe: one reader thread.
 */
public final class LineReader {
    private static final ByteString LINE_ENDS = ByteString.encodeUtf8("\r\n");

    private final BufferedSource source;
    private final int maxLineBytes;
    private final String provider;
    private boolean skipLeadingLf;
    private boolean lastTerminated = true;

    /**
     * A reader over {@code source}.
     *
     * @param maxLineBytes the longest line accepted, in bytes, without its line end
     * @param provider the provider name, for error messages
     */
    public LineReader(BufferedSource source, int maxLineBytes, String provider) {
        this.source = Objects.requireNonNull(source, "source");
        if (maxLineBytes <= 0) {
            throw new IllegalArgumentException("maxLineBytes must be positive, got " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.provider = provider;
    }

    /**
     * The next line without its line end, or null at the end of input. A last line with no line
     * end is returned too; {@link #lastLineTerminated()} then says false.
     *
     * @throws IOException when reading fails
     * @throws MalformedResponseException when a line is longer than the limit
     */
    public String readLine() throws IOException {
        Buffer buffer = source.getBuffer();
        long scanned = 0;
        while (true) {
            if (skipLeadingLf && buffer.size() > 0) {
                // the previous line ended with CR: a following LF belongs to that line end
                if (buffer.getByte(0) == '\n') {
                    buffer.skip(1);
                }
                skipLeadingLf = false;
            }
            if (!skipLeadingLf) {
                long end = buffer.indexOfElement(LINE_ENDS, scanned);
                if (end >= 0) {
                    checkLength(end);
                    String line = buffer.readUtf8(end);
                    skipLeadingLf = buffer.readByte() == '\r';
                    lastTerminated = true;
                    return line;
                }
                scanned = buffer.size();
                checkLength(scanned);
            }
            if (!source.request(buffer.size() + 1)) {
                if (buffer.size() == 0) {
                    return null;
                }
                lastTerminated = false;
                return buffer.readUtf8();
            }
        }
    }

    /** False when the last line returned ended at the end of input without a line end (it may be cut). */
    public boolean lastLineTerminated() {
        return lastTerminated;
    }

    private void checkLength(long bytes) {
        if (bytes > maxLineBytes) {
            String msg = "a line of the response exceeds the limit of " + maxLineBytes + " bytes (max_line_bytes)";
            throw new MalformedResponseException(provider, ProviderError.of(200, msg), msg, null);
        }
    }
}
