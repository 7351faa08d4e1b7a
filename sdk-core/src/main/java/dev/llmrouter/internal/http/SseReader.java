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
    private final LineSource lines;
    private final int maxEventChars;
    private final String provider;
    private boolean first = true;
    private String lastId;

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

    /** The next event, or null at the end of input. */
    public SseEvent next() {
        String event = null;
        StringBuilder data = null;
        while (true) {
            String line = lines.readLine();
            if (line != null && !lines.lastLineTerminated()) {
                line = null;
                data = null;
            }
            if (line == null) {
                return data == null ? null : dispatch(event, data);
            }
            if (first) {
                first = false;
                if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1);
                }
            }
            if (line.isEmpty()) {
                if (data != null) {
                    return dispatch(event, data);
                }
                event = null;
                continue;
            }
            if (line.charAt(0) == ':') {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> event = value;
                case "data" -> data = appendData(data, value);
                case "id" -> lastId = value.indexOf('\0') >= 0 ? lastId : value;
                default -> {
                    // "retry" and unknown fields carry nothing an adapter needs
                }
            }
        }
    }

    private StringBuilder appendData(StringBuilder data, String value) {
        StringBuilder sb = data == null ? new StringBuilder(value.length()) : data.append('\n');
        if (sb.length() + value.length() > maxEventChars) {
            String msg = "an event of the stream exceeds the limit of " + maxEventChars + " characters (max_line_bytes)";
            throw new MalformedResponseException(provider, ProviderError.of(200, msg), msg, null);
        }
        return sb.append(value);
    }

    private SseEvent dispatch(String event, StringBuilder data) {
        lines.recordArrived();
        return new SseEvent(event == null || event.isEmpty() ? "message" : event, data.toString(), lastId);
    }
}
