package dev.llmrouter.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A provider answered with an error, sent a broken response, or could not be reached. Carries the
 * provider name and {@link ProviderError} (status, type, code, message, request id, retry hint).
 * Subclasses name the common cases; {@link #failureKind()} is what the router acts on.
 * Thread-safe once thrown.
 */
public class ProviderException extends LlmRouterException {
    private static final long serialVersionUID = 1L;

    private final String provider;
    private final transient ProviderError error;

    /** A provider failure of the given kind. */
    public ProviderException(FailureKind kind, String provider, ProviderError error, String message, Throwable cause) {
        super(describe(provider, error, message), kind, cause);
        this.provider = provider == null ? "" : provider;
        this.error = Objects.requireNonNull(error, "error");
    }

    private static String describe(String provider, ProviderError error, String message) {
        StringBuilder sb = new StringBuilder();
        if (provider != null && !provider.isEmpty()) {
            sb.append(provider).append(": ");
        }
        sb.append(message);
        if (error != null && error.status() > 0 && !message.contains(Integer.toString(error.status()))) {
            sb.append(" (HTTP ").append(error.status()).append(')');
        }
        return sb.toString();
    }

    /** The provider name as configured ("" when an adapter was used without one). */
    public String provider() {
        return provider;
    }

    /** What the provider said. */
    public ProviderError error() {
        return error;
    }

    @Override
    public int status() {
        return error.status();
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(error.retryAfter());
    }

    /**
     * True when another attempt may follow: the failure kind decides, except that the server's
     * {@code x-should-retry} header overrides it when present and the kind allows retries at all.
     */
    @Override
    public boolean retryable() {
        if (error.shouldRetry() != null && failureKind().retryableInGroup()) {
            return error.shouldRetry();
        }
        return super.retryable();
    }
}
