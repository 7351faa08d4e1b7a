package dev.llmrouter.api;

/**
 * The provider does not serve the requested model (404). Opens the circuit at once; not retried.
 * Thread-safe once thrown.
 */
public class ModelNotFoundException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from the provider's error. */
    public ModelNotFoundException(String provider, ProviderError error, String message, Throwable cause) {
        super(FailureKind.MODEL_NOT_FOUND, provider, error, message, cause);
    }
}
