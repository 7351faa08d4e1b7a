package dev.llmrouter.api;

import java.util.List;

/**
 * The configuration is invalid. {@link #problems()} lists every problem found, one per line, each
 * as {@code file:line:column: error: message (hint)}. Thread-safe once thrown.
 */
public class ConfigException extends LlmRouterException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** A configuration failure with the problems found. */
    public ConfigException(String message, List<String> problems, Throwable cause) {
        super(problems.isEmpty() ? message : message + System.lineSeparator() + String.join(System.lineSeparator(), problems),
                FailureKind.CONFIGURATION, cause);
        this.problems = List.copyOf(problems);
    }

    /** A configuration failure with a single message. */
    public ConfigException(String message) {
        this(message, List.of(), null);
    }

    /** Every problem, formatted {@code file:line:column: severity: message (hint)}. */
    public List<String> problems() {
        return problems;
    }
}
