package dev.llmrouter.api;

/**
 * The provider's content policy refused the request or cut the answer. Leads to {@code content_policy_fallbacks}.
 * Thread-safe once thrown.
 */
public class ContentPolicyException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception from the provider's error. */
    public ContentPolicyException(String provider, ProviderError error, String message, Throwable cause) {
        super(FailureKind.CONTENT_POLICY, provider, error, message, cause);
    }
}
