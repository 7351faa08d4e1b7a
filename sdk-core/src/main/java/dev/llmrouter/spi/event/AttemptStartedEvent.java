package dev.llmrouter.spi.event;

import dev.llmrouter.RequestInfo;
import dev.llmrouter.spi.routing.Deployment;
import java.util.Objects;

/**
 * An attempt is about to call a deployment. Immutable and thread-safe.
 *
 * <p>Made by the router and handed to {@link RouterListener}; the constructor is public so that
 * a listener's own tests can make one. New fields arrive with a new constructor, the old one kept.
 */
public final class AttemptStartedEvent {
    private final RequestInfo request;
    private final Deployment deployment;
    private final int attempt;
    private final boolean streaming;

    /**
     * An event with the given values.
     *
     * @param request the request the attempt belongs to
     * @param deployment the deployment about to be called
     * @param attempt the attempt's number, counting from 1 across the whole request (fallbacks included)
     * @param streaming true for a streamed attempt
     */
    public AttemptStartedEvent(RequestInfo request, Deployment deployment, int attempt, boolean streaming) {
        this.request = Objects.requireNonNull(request, "request");
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.attempt = attempt;
        this.streaming = streaming;
    }

    /** The request the attempt belongs to. */
    public RequestInfo request() {
        return request;
    }

    /** The deployment about to be called. */
    public Deployment deployment() {
        return deployment;
    }

    /** The attempt's number, counting from 1 across the whole request (fallbacks included). */
    public int attempt() {
        return attempt;
    }

    /** True for a streamed attempt. */
    public boolean streaming() {
        return streaming;
    }

    /** The event's fields; the request by id, a failure by kind (never message text or content). */
    @Override
    public String toString() {
        return "AttemptStartedEvent[request=" + request.id() + ", deployment=" + deployment.id()
                + ", attempt=" + attempt + ", streaming=" + streaming + "]";
    }
}
