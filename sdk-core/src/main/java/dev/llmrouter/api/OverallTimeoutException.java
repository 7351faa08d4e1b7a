package dev.llmrouter.api;

import java.time.Duration;

/**
 * The whole request, with every retry, backoff, fallback and queueing wait, took longer than
 * {@code timeouts.overall}. The caller never waits longer than that. Thread-safe once thrown.
 */
public class OverallTimeoutException extends LlmTimeoutException {
    private static final long serialVersionUID = 1L;

    /** An overall timeout after {@code limit}. */
    public OverallTimeoutException(String message, Duration limit, Throwable cause) {
        super(message, limit, FailureKind.TIMEOUT, cause);
    }
}
