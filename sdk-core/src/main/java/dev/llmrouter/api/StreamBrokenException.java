package dev.llmrouter.api;

/**
 * A stream ended before its finish: end of input, a reset connection, or an error event after the 200. The router retries it while no chunk has reached the caller, and otherwise turns it into a {@link StreamInterruptedException}.
 * Thread-safe once thrown.
 */
public class StreamBrokenException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from the provider's error. */
    public StreamBrokenException(String provider, ProviderError error, String message, Throwable cause) {
        super(FailureKind.STREAM_BROKEN, provider, error, message, cause);
    }
}
