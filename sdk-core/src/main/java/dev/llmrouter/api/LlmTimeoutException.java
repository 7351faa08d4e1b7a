package dev.llmrouter.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A deadline passed. The subclass names the layer (DESIGN section 4.1): attempt, request (one
 * model group), stream (first chunk to end), stream idle (gap between chunks), overall.
 * Thread-safe once thrown.
 */
public class LlmTimeoutException extends LlmRouterException {
    private static final long serialVersionUID = 1L;

    private final Duration limit;

    /** A timeout of the given layer's limit. */
    public LlmTimeoutException(String message, Duration limit, FailureKind kind, Throwable cause) {
        super(message, kind, cause);
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    /** The limit that was exceeded (the effective one, after clipping by outer layers). */
    public Duration limit() {
        return limit;
    }
}
