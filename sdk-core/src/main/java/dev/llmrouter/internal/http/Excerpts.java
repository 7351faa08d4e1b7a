package dev.llmrouter.internal.http;

import java.util.regex.Pattern;

/**
 * Short, single-line excerpts of server output for exception messages: a whole HTML error page or
 * a megabyte of bad JSON must not end up in a log line. Stateless and thread-safe.
 */
public final class Excerpts {
    /** The default excerpt length in characters. */
    public static final int DEFAULT_LENGTH = 200;

    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Cntrl}]+");

    private Excerpts() {
    }

    /** {@link #of(String, int)} with the default length. */
    public static String of(String text) {
        return of(text, DEFAULT_LENGTH);
    }

    /**
     * The text with runs of whitespace collapsed to one space and cut to at most {@code max}
     * characters, marked with {@code ...} when cut; {@code ""} for null.
     */
    public static String of(String text, int max) {
        if (text == null) {
            return "";
        }
        // only look at a bounded prefix: the input may be megabytes
        String head = text.length() > max * 4L ? text.substring(0, max * 4) : text;
        String collapsed = WHITESPACE.matcher(head).replaceAll(" ").strip();
        boolean cut = collapsed.length() > max || (head.length() < text.length() && !text.substring(head.length()).isBlank());
        if (collapsed.length() > max) {
            collapsed = collapsed.substring(0, max);
        }
        return cut ? collapsed + "..." : collapsed;
    }
}
