package dev.llmrouter.internal.http;

import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.api.ProviderError;
import java.io.IOException;
import java.io.OutputStream;
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
    /** The line {@link #peekOneLineRecord} found (grown on demand, kept for the stream) and what to skip for it. */
    private byte[] peeked = new byte[256];
    private long peekedTotal = -1;
    private final PeekSink peekSink = new PeekSink();

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
        peekedTotal = -1;
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

    /**
     * Waits for the next record when it is one line followed by an empty line, both ended alike by
     * {@code LF} or by {@code CRLF} (an SSE event of one field, as servers nearly always send them),
     * and copies that line's bytes, at most {@code maxBytes} of them, to {@link #peekedBytes()}
     * without consuming anything: {@link #consumePeeked()} then skips the line and the empty line,
     * or {@link #readLine()} reads them as usual. Returns -1 when the input goes on any other way
     * (a longer line, another line end, the end of input), for {@link #readLine()} to read; so this
     * only makes the usual record cheaper (no string of the line), never reads anything differently.
     *
     * @return the line's length in bytes, or -1
     * @throws IOException when reading fails
     */
    public int peekOneLineRecord(int maxBytes) throws IOException {
        peekedTotal = -1;
        Buffer buffer = source.getBuffer();
        if (skipLeadingLf) {
            // as readLine: the previous line ended with CR, so a LF next belongs to it
            if (buffer.size() == 0 && !source.request(1)) {
                return -1;
            }
            if (buffer.getByte(0) == '\n') {
                buffer.skip(1);
            }
            skipLeadingLf = false;
        }
        long scanned = 0;
        while (true) {
            long end = buffer.indexOfElement(LINE_ENDS, scanned);
            if (end > maxBytes || (end < 0 && buffer.size() > maxBytes)) {
                return -1;
            }
            if (end >= 0) {
                boolean lf = buffer.getByte(end) == '\n';
                long total = end + (lf ? 2 : 4);
                if (!source.request(total) || !endsRecord(buffer, end, lf)) {
                    return -1;
                }
                int length = (int) end;
                if (peeked.length < length) {
                    // nothing to keep from the last line; at most maxBytes, however lines grow
                    peeked = new byte[Math.max(length, Math.min(maxBytes, peeked.length * 2))];
                }
                peekSink.at = 0;
                buffer.copyTo(peekSink, 0, length);
                peekedTotal = total;
                return length;
            }
            scanned = buffer.size();
            if (!source.request(scanned + 1)) {
                return -1;
            }
        }
    }

    private static boolean endsRecord(Buffer buffer, long end, boolean lf) {
        return lf ? buffer.getByte(end + 1) == '\n'
                : buffer.getByte(end + 1) == '\n' && buffer.getByte(end + 2) == '\r' && buffer.getByte(end + 3) == '\n';
    }

    /** The bytes of the line {@link #peekOneLineRecord} found, from index 0; valid until the next read. */
    public byte[] peekedBytes() {
        return peeked;
    }

    /** Consumes the line {@link #peekOneLineRecord} found and the empty line after it. */
    public void consumePeeked() {
        if (peekedTotal < 0) {
            throw new IllegalStateException("no record was peeked");
        }
        try {
            source.skip(peekedTotal);
        } catch (IOException e) {
            // the bytes are in the buffer already: skipping them cannot read
            throw new IllegalStateException(e);
        }
        peekedTotal = -1;
        lastTerminated = true;
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

    /** Copies from okio's segments into {@link #peeked} without allocating. */
    private final class PeekSink extends OutputStream {
        private int at;

        @Override
        public void write(int b) {
            peeked[at++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, peeked, at, len);
            at += len;
        }
    }
}
