package dev.llmrouter.internal.config;

/**
 * A place in a configuration source: file name, 1-based line and column (0 when unknown).
 * Immutable and thread-safe.
 *
 * @param file the file name as shown to users
 * @param line 1-based line, or 0
 * @param column 1-based column, or 0
 */
public record Location(String file, int line, int column) {

    /** A place in {@code file} with no line. */
    public static Location of(String file) {
        return new Location(file, 0, 0);
    }

    /** True when a line is known. */
    public boolean hasLine() {
        return line > 0;
    }

    /** {@code file:line:column}, or {@code file:line} style text for hints. */
    public String describe() {
        return hasLine() ? file + ":" + line + ":" + column : file;
    }
}
