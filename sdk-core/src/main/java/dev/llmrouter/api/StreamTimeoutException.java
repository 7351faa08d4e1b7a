package dev.llmrouter.api;

import java.time.Duration;

/**
 * A stream ran longer than {@code timeouts.stream} after its first chunk. Chunks already delivered
 * stay delivered; the partial text is kept. Thread-safe once thrown.
 */
public class StreamTimeoutException extends LlmTimeoutException {
    private static final long serialVersionUID = 1L;

    private final String partialText;

    /** A stream timeout after {@code limit}, with the text received so far. */
    public StreamTimeoutException(String message, Duration limit, String partialText, Throwable cause) {
        super(message, limit, FailureKind.STREAM_INTERRUPTED, cause);
        this.partialText = partialText == null ? "" : partialText;
    }

    /** The text that reached the caller before the timeout. */
    public String partialText() {
        return partialText;
    }
}
