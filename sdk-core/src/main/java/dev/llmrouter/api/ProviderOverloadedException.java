package dev.llmrouter.api;

/**
 * The provider is overloaded or busy (503, 529, Anthropic {@code overloaded_error}). Retried with backoff.
 * Thread-safe once thrown.
 */
public class ProviderOverloadedException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from the provider's error. */
    public ProviderOverloadedException(String provider, ProviderError error, String message, Throwable cause) {
        super(FailureKind.SERVER_ERROR, provider, error, message, cause);
    }
}
