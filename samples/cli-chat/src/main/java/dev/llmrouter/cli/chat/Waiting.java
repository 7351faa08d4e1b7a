package dev.llmrouter.cli.chat;

/**
 * Shows that an answer is awaited until its first words arrive (the terminal's spinner).
 * Implementations are thread-safe: a Ctrl-C may stop the wait from the signal's thread.
 */
@FunctionalInterface
public interface Waiting {
    /** Shows nothing (piped output, tests). */
    Waiting NONE = () -> () -> { };

    /** Starts showing the wait; closing the returned handle stops it and clears what it showed. */
    Handle start();

    /** A wait being shown; {@link #close()} may be called more than once. */
    @FunctionalInterface
    interface Handle extends AutoCloseable {
        /** Stops showing the wait and clears it. */
        @Override
        void close();
    }
}
