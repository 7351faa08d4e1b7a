package dev.llmrouter.api;

import java.time.Duration;

/**
 * One attempt took longer than its deadline (the whole body, or a stream's first chunk). Counts
 * for the circuit; a retry or fallback may follow. Thread-safe once thrown.
 */
public class AttemptTimeoutException extends LlmTimeoutException {
    private static final long serialVersionUID = 1L;

    /** An attempt timeout after {@code limit}. */
    public AttemptTimeoutException(String message, Duration limit, Throwable cause) {
        super(message, limit, FailureKind.TIMEOUT, cause);
    }
}
