package dev.llmrouter.api;

/**
 * The provider refused our credentials (401) or the permission (403). Opens the circuit at once; not retried.
 * Thread-safe once thrown.
 */
public class AuthenticationException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from the provider's error. */
    public AuthenticationException(String provider, ProviderError error, String message, Throwable cause) {
        super(FailureKind.AUTHENTICATION, provider, error, message, cause);
    }
}
