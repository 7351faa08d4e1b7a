package dev.llmrouter.spi.event;

import dev.llmrouter.RequestInfo;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.spi.routing.Deployment;
import java.time.Duration;
import java.util.Objects;

/**
 * The model group will try again, after a delay (zero when another deployment is tried at once). Immutable and thread-safe.
 *
 * <p>Made by the router and handed to {@link RouterListener}; the constructor is public so that
 * a listener's own tests can make one. New fields arrive with a new constructor, the old one kept.
 */
public final class RetryEvent {
    private final RequestInfo request;
    private final Deployment failed;
    private final int retry;
    private final Duration delay;
    private final LlmRouterException cause;

    /**
     * An event with the given values.
     *
     * @param request the request being retried
     * @param failed the deployment whose attempt failed
     * @param retry the retry's number within the group, counting from 1
     * @param delay the wait before the next attempt (zero when another deployment is tried at once)
     * @param cause the failure that led to the retry
     */
    public RetryEvent(RequestInfo request, Deployment failed, int retry, Duration delay, LlmRouterException cause) {
        this.request = Objects.requireNonNull(request, "request");
        this.failed = Objects.requireNonNull(failed, "failed");
        this.retry = retry;
        this.delay = Objects.requireNonNull(delay, "delay");
        this.cause = Objects.requireNonNull(cause, "cause");
    }

    /** The request being retried. */
    public RequestInfo request() {
        return request;
    }

    /** The deployment whose attempt failed. */
    public Deployment failed() {
        return failed;
    }

    /** The retry's number within the group, counting from 1. */
    public int retry() {
        return retry;
    }

    /** The wait before the next attempt (zero when another deployment is tried at once). */
    public Duration delay() {
        return delay;
    }

    /** The failure that led to the retry. */
    public LlmRouterException cause() {
        return cause;
    }

    /** The event's fields; the request by id, a failure by kind (never message text or content). */
    @Override
    public String toString() {
        return "RetryEvent[request=" + request.id() + ", failed=" + failed.id() + ", retry=" + retry
                + ", delay=" + delay + ", cause=" + cause.failureKind() + "]";
    }
}
