package dev.llmrouter.api;

import dev.llmrouter.internal.ApiAccess;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The root of every exception llmrouter throws. Each carries its {@link FailureKind}; provider
 * failures also carry the HTTP status and the provider's error type, code and message
 * ({@link ProviderException}). Once the router has handled it, {@link #route()} tells which
 * deployments were tried and how each attempt ended.
 *
 * <p>Thread-safety: the route is published once, through a volatile field, before the exception
 * reaches the caller; the exception is safe to read from any thread afterwards. Messages never
 * contain API keys or authorisation headers.
 */
public class LlmRouterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static {
        new ApiAccess() {
            @Override
            public LlmRouterException withRoute(LlmRouterException e, Route route, String deploymentId) {
                return e.withRoute(route, deploymentId);
            }
        };
    }

    private final FailureKind kind;
    private volatile Route route = Route.NONE;
    private volatile String deploymentId;

    /** An exception of the given kind. */
    public LlmRouterException(String message, FailureKind kind, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** How the failure is classified. */
    public FailureKind failureKind() {
        return kind;
    }

    /** True when another attempt in the same model group may follow (see {@link FailureKind}). */
    public boolean retryable() {
        return kind.retryableInGroup();
    }

    /** The HTTP status of the provider's answer, or 0 when there was none. */
    public int status() {
        return 0;
    }

    /** How long the server asked us to wait before retrying, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }

    /** The deployment whose attempt failed last, when one was tried. */
    public Optional<String> deploymentId() {
        return Optional.ofNullable(deploymentId);
    }

    /** How the request was routed before it failed ({@link Route#NONE} outside the router). */
    public Route route() {
        return route;
    }

    /** Every attempt made for the request, in order. */
    public List<AttemptRecord> attempts() {
        return route.attempts();
    }

    /**
     * Records the route and the last deployment; called by the router (through {@link ApiAccess})
     * before the exception reaches the caller. Returns this exception.
     */
    LlmRouterException withRoute(Route route, String deploymentId) {
        this.route = Objects.requireNonNull(route, "route");
        if (deploymentId != null) {
            this.deploymentId = deploymentId;
        }
        return this;
    }
}
