package dev.llmrouter.internal.http;

import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.api.ProviderError;
import java.util.Objects;

/**
 * A server-sent events parser (the WHATWG event-stream rules) over a {@link LineSource}:
 * {@code event:} names, multi-line {@code data:} joined with {@code \n}, {@code id:}, comment lines
 * ({@code : keep-alive}) ignored, a blank line dispatches, LF/CRLF/CR line ends, a leading BOM
 * dropped. Deliberately not okhttp-sse: that library has no cap on line or event size and reports
 * failures through a listener callback, while the adapters need bounded memory and typed exceptions
 * thrown on the reading thread.
 *
 * <p>Lenient where real servers are sloppy: an event whose lines all arrived but that lacks the
 * final blank line is still dispatched at the end of input; a last line cut without a line end is
 * dropped together with its event (it is a truncated stream, which the adapter reports).
 *
 * <p>Not thread-safe: one reader thread.
 */
public final class SseReader {
    /** The longest data line read by {@link #nextDecoded} (longer ones take the usual path); the buffer it keeps. */
    private static final int MAX_DECODED_BYTES = 16 * 1024;

    /** Decodes one event's data straight from the bytes of its line. */
    @FunctionalInterface
    public interface DataDecoder<T> {
        /** The data in {@code bytes[from, to)} (UTF-8) decoded, or null to leave the event to the usual path. */
        T decode(byte[] bytes, int from, int to);
    }

    private final LineSource lines;
    private final int maxEventChars;
    private final String provider;
    private boolean first = true;
    private String lastId;
    /** The event {@link #advance()} read last: its name, and its data as a line and an offset (or a joined string from 0). */
    private String currentEvent;
    private String currentSource;
    private int currentStart;
    private boolean declined;

    /**
     * A parser over {@code lines}.
     *
     * @param maxEventChars the most data characters one event may hold (its lines are bounded by the source)
     * @param provider the provider name, for error messages
     */
    public SseReader(LineSource lines, int maxEventChars, String provider) {
        this.lines = Objects.requireNonNull(lines, "lines");
        this.maxEventChars = maxEventChars;
        this.provider = provider;
    }

    /**
     * The next event, or null at the end of input. An event of one {@code data:} line (the common
     * case) keeps that line without copying it; only further data lines are joined in a builder.
     */
    public SseEvent next() {
        return advance() ? new SseEvent(currentEvent, currentSource, currentStart, lastId) : null;
    }

    /**
     * The fast path for the usual event, one {@code data:} line and the empty line after it: waits
     * for the next event and, when it has that shape and {@code decoder} accepts its data, consumes
     * it and returns what the decoder made, without a string of the line. Otherwise it returns null
     * having consumed nothing, and {@link #advance()} reads that event as usual; {@link #declined()}
     * then says whether the decoder saw it and refused. Events of other shapes (a name, an id, several
     * data lines, a comment, a line end of its own kind, the first line of the stream with its
     * possible BOM, data over the limits) always take the usual path, so this never changes what an
     * event means. After a decoded event, {@link #event()} is {@code message} and the data accessors
     * are not set.
     */
    public <T> T nextDecoded(DataDecoder<T> decoder) {
        declined = false;
        if (first) {
            return null;
        }
        int n = lines.peekOneLineRecord((int) Math.min(MAX_DECODED_BYTES, maxEventChars + 6L));
        if (n < 5) {
            return null;
        }
        byte[] b = lines.peekedBytes();
        if (b[0] != 'd' || b[1] != 'a' || b[2] != 't' || b[3] != 'a' || b[4] != ':') {
            return null;
        }
        int from = n > 5 && b[5] == ' ' ? 6 : 5;
        if (n - from > maxEventChars) {
            // bytes, not characters: the usual path measures it exactly
            return null;
        }
        T value = decoder.decode(b, from, n);
        if (value == null) {
            declined = true;
            return null;
        }
        lines.consumePeeked();
        lines.recordArrived();
        currentEvent = "message";
        currentSource = null;
        currentStart = 0;
        return value;
    }

    /** True when the last {@link #nextDecoded} found the usual shape and its decoder refused the data. */
    public boolean declined() {
        return declined;
    }

    /**
     * Reads the next event without allocating one: afterwards {@link #event()}, {@link #dataSource()}
     * and {@link #dataStart()} describe it (for decoders that parse the data in place).
     *
     * @return false at the end of input
     */
    public boolean advance() {
        String event = null;
        String line1 = null;
        int start1 = 0;
        StringBuilder more = null;
        while (true) {
            String line = lines.readLine();
            if (line != null && !lines.lastLineTerminated()) {
                line = null;
                line1 = null;
                more = null;
            }
            if (line == null) {
                return line1 != null && dispatch(event, line1, start1, more);
            }
            int from = 0;
            if (first) {
                first = false;
                if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    from = 1;
                }
            }
            int length = line.length() - from;
            if (length == 0) {
                if (line1 != null) {
                    return dispatch(event, line1, start1, more);
                }
                event = null;
                continue;
            }
            if (line.charAt(from) == ':') {
                continue;
            }
            int colon = line.indexOf(':', from);
            int fieldEnd = colon < 0 ? line.length() : colon;
            int value = colon < 0 ? line.length() : colon + 1;
            if (value < line.length() && line.charAt(value) == ' ') {
                value++;
            }
            if (is(line, from, fieldEnd, "data")) {
                int chars = line.length() - value;
                if (line1 == null) {
                    checkSize(chars);
                    line1 = line;
                    start1 = value;
                } else {
                    if (more == null) {
                        more = new StringBuilder(line1.length() - start1 + 1 + chars).append(line1, start1, line1.length());
                    }
                    checkSize(more.length() + 1 + chars);
                    more.append('\n').append(line, value, line.length());
                }
            } else if (is(line, from, fieldEnd, "event")) {
                event = line.substring(value);
            } else if (is(line, from, fieldEnd, "id")) {
                String id = line.substring(value);
                lastId = id.indexOf('\0') >= 0 ? lastId : id;
            }
            // "retry" and unknown fields carry nothing an adapter needs
        }
    }

    private static boolean is(String line, int from, int to, String field) {
        return to - from == field.length() && line.startsWith(field, from);
    }

    private void checkSize(int chars) {
        if (chars > maxEventChars) {
            String msg = "an event of the stream exceeds the limit of " + maxEventChars + " characters (max_line_bytes)";
            throw new MalformedResponseException(provider, ProviderError.of(200, msg), msg, null);
        }
    }

    private boolean dispatch(String event, String line1, int start1, StringBuilder more) {
        lines.recordArrived();
        currentEvent = event == null || event.isEmpty() ? "message" : event;
        currentSource = more == null ? line1 : more.toString();
        currentStart = more == null ? start1 : 0;
        return true;
    }

    /** The name of the event {@link #advance()} read ({@code message} when the server sent none). */
    public String event() {
        return currentEvent;
    }

    /** The string holding the data of the event {@link #advance()} read, from {@link #dataStart()} on. */
    public String dataSource() {
        return currentSource;
    }

    /** Where that data begins in {@link #dataSource()}. */
    public int dataStart() {
        return currentStart;
    }

    /** True when the event {@link #advance()} read is the OpenAI-family end marker {@code [DONE]}. */
    public boolean isDone() {
        return SseEvent.isDone(currentSource, currentStart);
    }
}
