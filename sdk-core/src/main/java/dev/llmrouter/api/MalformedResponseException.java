package dev.llmrouter.api;

/**
 * The provider answered something that is not a valid response: bad JSON, an unexpected content type, or a body or line over the configured limit.
 * Thread-safe once thrown.
 */
public class MalformedResponseException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from the provider's error. */
    public MalformedResponseException(String provider, ProviderError error, String message, Throwable cause) {
        super(FailureKind.MALFORMED_RESPONSE, provider, error, message, cause);
    }
}
