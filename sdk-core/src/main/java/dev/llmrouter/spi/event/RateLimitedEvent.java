package dev.llmrouter.spi.event;

import dev.llmrouter.RequestInfo;
import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.spi.state.Admission;
import java.time.Duration;
import java.util.Objects;

/**
 * This router's own rpm/tpm limit (or concurrency cap) turned a deployment down for a request, for now. Immutable and thread-safe.
 *
 * <p>Made by the router and handed to {@link RouterListener}; the constructor is public so that
 * a listener's own tests can make one. New fields arrive with a new constructor, the old one kept.
 */
public final class RateLimitedEvent {
    private final RequestInfo request;
    private final Deployment deployment;
    private final Admission.Denial denial;
    private final Duration retryAfter;

    /**
     * An event with the given values.
     *
     * @param request the request that was turned down
     * @param deployment the deployment that had no room
     * @param denial which limit said no
     * @param retryAfter how long until that limit may admit again (zero when unknown)
     */
    public RateLimitedEvent(RequestInfo request, Deployment deployment, Admission.Denial denial, Duration retryAfter) {
        this.request = Objects.requireNonNull(request, "request");
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.denial = Objects.requireNonNull(denial, "denial");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** The request that was turned down. */
    public RequestInfo request() {
        return request;
    }

    /** The deployment that had no room. */
    public Deployment deployment() {
        return deployment;
    }

    /** Which limit said no. */
    public Admission.Denial denial() {
        return denial;
    }

    /** How long until that limit may admit again (zero when unknown). */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The event's fields; the request by id, a failure by kind (never message text or content). */
    @Override
    public String toString() {
        return "RateLimitedEvent[request=" + request.id() + ", deployment=" + deployment.id() + ", denial=" + denial
                + ", retryAfter=" + retryAfter + "]";
    }
}
