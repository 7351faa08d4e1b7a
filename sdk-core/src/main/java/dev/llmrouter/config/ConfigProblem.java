package dev.llmrouter.config;

import java.util.Objects;

/**
 * One problem found in a configuration: where it is, how bad it is, what is wrong and how to fix
 * it. Errors stop a router from starting; warnings are logged. Immutable and thread-safe; build with
 * {@link #error(String, int, int, String, String)}, {@link #warning(String, int, int, String, String)}
 * or {@link #builder(Severity, String)}. A class rather than a record so that new fields can be
 * added without breaking callers. Its {@link #toString()} is {@link #format()}.
 */
public final class ConfigProblem {

    /** How serious a problem is. */
    public enum Severity {
        /** The configuration cannot be used. */
        ERROR,
        /** The configuration works, but probably not as intended. */
        WARNING
    }

    private final String file;
    private final int line;
    private final int column;
    private final Severity severity;
    private final String message;
    private final String hint;

    private ConfigProblem(Builder b) {
        this.file = Objects.requireNonNull(b.file, "file");
        this.line = b.line;
        this.column = b.column;
        this.severity = Objects.requireNonNull(b.severity, "severity");
        this.message = Objects.requireNonNull(b.message, "message");
        this.hint = b.hint == null ? "" : b.hint;
    }

    /**
     * An error at {@code file:line:column} (0 for an unknown line or column); {@code hint} may be
     * null or empty when there is nothing to add.
     *
     * @throws NullPointerException when file or message is null
     */
    public static ConfigProblem error(String file, int line, int column, String message, String hint) {
        return builder(Severity.ERROR, message).at(file, line, column).hint(hint).build();
    }

    /**
     * A warning at {@code file:line:column} (0 for an unknown line or column); {@code hint} may be
     * null or empty when there is nothing to add.
     *
     * @throws NullPointerException when file or message is null
     */
    public static ConfigProblem warning(String file, int line, int column, String message, String hint) {
        return builder(Severity.WARNING, message).at(file, line, column).hint(hint).build();
    }

    /**
     * A builder for a problem of {@code severity} saying {@code message}; it starts in file
     * {@code <java>} (a configuration built in code) at line and column 0, with no hint.
     */
    public static Builder builder(Severity severity, String message) {
        return new Builder(severity, message);
    }

    /** A builder holding this problem's values. */
    public Builder toBuilder() {
        return new Builder(severity, message).at(file, line, column).hint(hint);
    }

    /** The file name as given to the loader, {@code <java>} for a configuration built in code. */
    public String file() {
        return file;
    }

    /** 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column, or 0 when unknown. */
    public int column() {
        return column;
    }

    /** Error or warning. */
    public Severity severity() {
        return severity;
    }

    /** What is wrong. */
    public String message() {
        return message;
    }

    /** How to fix it; empty when there is nothing to add. */
    public String hint() {
        return hint;
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
    public boolean equals(Object o) {
        return o instanceof ConfigProblem p && p.file.equals(file) && p.line == line && p.column == column
                && p.severity == severity && p.message.equals(message) && p.hint.equals(hint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, line, column, severity, message, hint);
    }

    @Override
    public String toString() {
        return format();
    }

    /** Builds a {@link ConfigProblem}. Not thread-safe. */
    public static final class Builder {
        private String file = "<java>";
        private int line;
        private int column;
        private Severity severity;
        private String message;
        private String hint;

        private Builder(Severity severity, String message) {
            this.severity = severity;
            this.message = message;
        }

        /**
         * The place: the file name as given to the loader (default {@code <java>}), the 1-based line
         * and column (default 0: unknown).
         */
        public Builder at(String file, int line, int column) {
            this.file = file;
            this.line = line;
            this.column = column;
            return this;
        }

        /** Replaces the severity. */
        public Builder severity(Severity severity) {
            this.severity = severity;
            return this;
        }

        /** Replaces what is wrong. */
        public Builder message(String message) {
            this.message = message;
            return this;
        }

        /** How to fix it; null or empty when there is nothing to add (the default). */
        public Builder hint(String hint) {
            this.hint = hint;
            return this;
        }

        /** @throws NullPointerException when file, severity or message is null */
        public ConfigProblem build() {
            return new ConfigProblem(this);
        }
    }
}
