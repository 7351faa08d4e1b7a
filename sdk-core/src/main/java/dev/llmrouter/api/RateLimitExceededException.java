package dev.llmrouter.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * This router's own rpm/tpm limits admit no deployment of the model group or its fallbacks
 * (the seed gateway's 429). {@link #retryAfter()} tells when the earliest one admits again.
 * Thread-safe once thrown.
 */
public class RateLimitExceededException extends LlmRouterException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /** Over the limit until {@code retryAfter} from now. */
    public RateLimitExceededException(String message, Duration retryAfter) {
        super(message, FailureKind.LOCAL_RATE_LIMIT, null);
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    @Override
    public int status() {
        return 429;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.of(retryAfter);
    }
}
