package dev.llmrouter.api;

/**
 * The prompt (plus the output budget) does not fit the model's context window. Leads to {@code context_window_fallbacks}.
 * Thread-safe once thrown.
 */
public class ContextWindowExceededException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from the provider's error. */
    public ContextWindowExceededException(String provider, ProviderError error, String message, Throwable cause) {
        super(FailureKind.CONTEXT_WINDOW, provider, error, message, cause);
    }
}
