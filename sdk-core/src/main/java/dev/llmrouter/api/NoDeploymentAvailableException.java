package dev.llmrouter.api;

import java.time.Instant;
import java.util.Optional;

/**
 * No deployment of the model group (or its fallbacks) could be tried: every circuit is open, or
 * none serves the model, fits the prompt, or carries the requested tags.
 * {@link #earliestRecovery()} tells when the first circuit lets a probe through, when known.
 * Thread-safe once thrown.
 */
public class NoDeploymentAvailableException extends LlmRouterException {
    private static final long serialVersionUID = 1L;

    private final Instant earliestRecovery;

    /** No deployment available; {@code earliestRecovery} may be null when none will recover by itself. */
    public NoDeploymentAvailableException(String message, Instant earliestRecovery, Throwable cause) {
        super(message, FailureKind.NO_DEPLOYMENT, cause);
        this.earliestRecovery = earliestRecovery;
    }

    /** When the earliest circuit of the group lets a probe through, if known. */
    public Optional<Instant> earliestRecovery() {
        return Optional.ofNullable(earliestRecovery);
    }
}
