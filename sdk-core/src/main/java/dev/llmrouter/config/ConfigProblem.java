package dev.llmrouter.config;

import java.util.Objects;

/**
 * One problem found in a configuration: where it is, how bad it is, what is wrong and how to fix
 * it. Errors stop a router from starting; warnings are logged. Immutable and thread-safe.
 *
 * @param file the file name as given to the loader, {@code <java>} for a configuration built in code
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param severity error or warning
 * @param message what is wrong
 * @param hint how to fix it; empty when there is nothing to add
 */
public record ConfigProblem(String file, int line, int column, Severity severity, String message, String hint) {

    /** How serious a problem is. */
    public enum Severity {
        /** The configuration cannot be used. */
        ERROR,
        /** The configuration works, but probably not as intended. */
        WARNING
    }

    /** @throws NullPointerException when file, severity or message is null */
    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        hint = hint == null ? "" : hint;
    }

    /** True for {@link Severity#ERROR}. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * The problem on one line, exactly {@code file:line:column: error: message (hint)} (or
     * {@code warning}); the parenthesised hint is left out when there is none.
     */
    public String format() {
        return file + ":" + line + ":" + column + ": " + (isError() ? "error" : "warning") + ": " + message
                + (hint.isEmpty() ? "" : " (" + hint + ")");
    }

    @Override
    public String toString() {
        return format();
    }
}
