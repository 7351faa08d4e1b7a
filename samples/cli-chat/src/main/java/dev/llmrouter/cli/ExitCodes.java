package dev.llmrouter.cli;

/**
 * The process exit codes every command uses. Scripts rely on them, so they never change:
 * 0 success, 1 the operation failed (a request failed, validation found errors, health timed out),
 * 2 the command line or the configuration is wrong.
 */
public final class ExitCodes {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The command ran but the operation failed: a request failed, errors were found, a wait timed out. */
    public static final int FAILED = 1;
    /** A usage error (unknown option, missing value) or a configuration that cannot be loaded. */
    public static final int USAGE = 2;
    /** The user interrupted the program with Ctrl-C while it was idle (128 + SIGINT, as shells report it). */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
