package dev.llmrouter.api;

/**
 * The provider could not be reached (connection refused or reset, DNS; kind
 * {@link FailureKind#CONNECTION}) or answered with a server error (500, 502, 504, 501; kind
 * {@link FailureKind#SERVER_ERROR}). Retried and counted for the circuit. Thread-safe once thrown.
 */
public class ProviderUnavailableException extends ProviderException {
    private static final long serialVersionUID = 1L;

    /** A failure of the given kind, {@code CONNECTION} or {@code SERVER_ERROR}. */
    public ProviderUnavailableException(FailureKind kind, String provider, ProviderError error, String message, Throwable cause) {
        super(kind, provider, error, message, cause);
    }
}
