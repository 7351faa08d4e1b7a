package dev.llmrouter.api;

/**
 * A stream broke after some chunks had reached the caller, so it could not be retried or moved to
 * another deployment. {@link #partialText()} holds what was delivered. Thread-safe once thrown.
 */
public class StreamInterruptedException extends LlmRouterException {
    private static final long serialVersionUID = 1L;

    private final String partialText;

    /** The stream broke with {@code cause} after delivering {@code partialText}. */
    public StreamInterruptedException(String message, String partialText, Throwable cause) {
        super(message, FailureKind.STREAM_INTERRUPTED, cause);
        this.partialText = partialText == null ? "" : partialText;
    }

    /** The text delivered before the break. */
    public String partialText() {
        return partialText;
    }
}
