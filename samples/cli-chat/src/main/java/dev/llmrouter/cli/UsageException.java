package dev.llmrouter.cli;

/**
 * The command line is wrong: an unknown command or option, a missing or malformed value. The CLI
 * prints the message with a pointer to {@code --help} and exits with {@link ExitCodes#USAGE}.
 * Thread-safe once thrown.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A usage error with a message that says what is wrong and, where it can, how to fix it. */
    public UsageException(String message) {
        super(message);
    }
}
