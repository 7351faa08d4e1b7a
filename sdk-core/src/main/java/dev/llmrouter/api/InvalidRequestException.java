package dev.llmrouter.api;

/**
 * The provider rejected the request as malformed (400, 422): the caller must change it. Not retried, no fallback.
 * Thread-safe once thrown.
 */
public class InvalidRequestException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from the provider's error. */
    public InvalidRequestException(String provider, ProviderError error, String message, Throwable cause) {
        super(FailureKind.INVALID_REQUEST, provider, error, message, cause);
    }
}
