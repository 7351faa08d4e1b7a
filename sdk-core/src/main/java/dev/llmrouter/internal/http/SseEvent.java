package dev.llmrouter.internal.http;

import java.util.Objects;

/**
 * One server-sent event. The data of an event with a single {@code data:} line is kept as that line
 * and an offset, so a decoder can parse it in place ({@link #dataSource()}, {@link #dataStart()})
 * without copying it; {@link #data()} makes the string on first use. Immutable and thread-safe.
 */
public final class SseEvent {
    /** The OpenAI-family end marker. */
    public static final String DONE = "[DONE]";

    private final String event;
    private final String source;
    private final int start;
    private final String id;
    private String data;

    /**
     * An event.
     *
     * @param event the event name ({@code message} when the server sent no {@code event:} line)
     * @param data the {@code data:} lines joined with {@code \n}
     * @param id the last {@code id:} value seen, or null
     * @throws NullPointerException when event or data is null
     */
    public SseEvent(String event, String data, String id) {
        this(event, Objects.requireNonNull(data, "data"), 0, id);
    }

    /** An event whose data is {@code source} from {@code start} on. */
    SseEvent(String event, String source, int start, String id) {
        this.event = Objects.requireNonNull(event, "event");
        this.source = Objects.requireNonNull(source, "source");
        this.start = start;
        this.id = id;
    }

    /** The event name ({@code message} when the server sent no {@code event:} line). */
    public String event() {
        return event;
    }

    /** The {@code data:} lines joined with {@code \n}. */
    public String data() {
        String d = data;
        if (d == null) {
            d = start == 0 ? source : source.substring(start);
            data = d;
        }
        return d;
    }

    /** The string that holds the data from {@link #dataStart()} to its end (for parsing in place). */
    public String dataSource() {
        return source;
    }

    /** Where the data begins in {@link #dataSource()}. */
    public int dataStart() {
        return start;
    }

    /** The last {@code id:} value seen, or null. */
    public String id() {
        return id;
    }

    /** True for the OpenAI-family end marker {@code data: [DONE]} (blanks around it allowed). */
    public boolean isDone() {
        return isDone(source, start);
    }

    /** True when {@code source} from {@code start} on is {@code [DONE]}, blanks around it allowed. */
    static boolean isDone(String source, int start) {
        int from = start;
        int to = source.length();
        while (from < to && Character.isWhitespace(source.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(source.charAt(to - 1))) {
            to--;
        }
        return to - from == DONE.length() && source.startsWith(DONE, from);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SseEvent e && e.event.equals(event) && e.data().equals(data()) && Objects.equals(e.id, id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(event, data(), id);
    }

    @Override
    public String toString() {
        return "SseEvent[event=" + event + ", data=" + data() + ", id=" + id + "]";
    }
}
