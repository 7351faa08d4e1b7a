package dev.llmrouter.api;

/**
 * The provider rate-limited us (429). {@link #retryAfter()} carries its hint; the circuit opens for that long.
 * Thread-safe once thrown.
 */
public class ProviderRateLimitException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from the provider's error. */
    public ProviderRateLimitException(String provider, ProviderError error, String message, Throwable cause) {
        super(FailureKind.RATE_LIMITED, provider, error, message, cause);
    }
}
