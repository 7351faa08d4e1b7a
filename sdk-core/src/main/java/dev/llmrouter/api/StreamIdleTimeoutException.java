package dev.llmrouter.api;

import java.time.Duration;

/**
 * No chunk arrived within {@code timeouts.stream_idle} of the previous one. Thread-safe once thrown.
 */
public class StreamIdleTimeoutException extends StreamTimeoutException {
    private static final long serialVersionUID = 1L;

    /** An idle timeout after {@code limit}, with the text received so far. */
    public StreamIdleTimeoutException(String message, Duration limit, String partialText, Throwable cause) {
        super(message, limit, partialText, cause);
    }
}
