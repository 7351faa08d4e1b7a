package dev.llmrouter.api;

/**
 * The provider account has no quota or balance left (429 {@code insufficient_quota}, 402). Retrying cannot help.
 * Thread-safe once thrown.
 */
public class InsufficientQuotaException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from the provider's error. */
    public InsufficientQuotaException(String provider, ProviderError error, String message, Throwable cause) {
        super(FailureKind.QUOTA_EXHAUSTED, provider, error, message, cause);
    }
}
