package dev.llmrouter.cli.output;

/**
 * Colours for terminal output, like the seed's colour-coded scripts: on only when writing to a
 * terminal and {@code NO_COLOR} is unset; otherwise every method returns its text unchanged, so
 * piped output and tests see plain text. Immutable and thread-safe.
 */
public final class Style {
    /** No colours. */
    public static final Style PLAIN = new Style(false);
    /** ANSI colours. */
    public static final Style ANSI = new Style(true);

    private final boolean enabled;

    private Style(boolean enabled) {
        this.enabled = enabled;
    }

    /** Success. */
    public String green(String s) {
        return wrap("32", s);
    }

    /** Warning or degraded. */
    public String yellow(String s) {
        return wrap("33", s);
    }

    /** Failure. */
    public String red(String s) {
        return wrap("31", s);
    }

    /** Secondary information (the status line). */
    public String dim(String s) {
        return wrap("2", s);
    }

    /** Emphasis. */
    public String bold(String s) {
        return wrap("1", s);
    }

    private String wrap(String code, String s) {
        return enabled ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
