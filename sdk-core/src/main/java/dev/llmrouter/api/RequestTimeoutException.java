package dev.llmrouter.api;

import java.time.Duration;

/**
 * All attempts on one model group, with their backoff waits, took longer than
 * {@code timeouts.request}. A fallback group may follow. Thread-safe once thrown.
 */
public class RequestTimeoutException extends LlmTimeoutException {
    private static final long serialVersionUID = 1L;

    /** A request timeout after {@code limit}. */
    public RequestTimeoutException(String message, Duration limit, Throwable cause) {
        super(message, limit, FailureKind.TIMEOUT, cause);
    }
}
