package dev.llmrouter.spi.event;

import dev.llmrouter.RequestInfo;
import dev.llmrouter.spi.routing.Deployment;
import java.time.Duration;
import java.util.Objects;

/**
 * The first chunk with content of a stream arrived (time to first chunk). Not sent for a stream
 * that fails over before any content. Immutable and thread-safe.
 *
 * <p>Made by the router and handed to {@link RouterListener}; the constructor is public so that
 * a listener's own tests can make one. New fields arrive with a new constructor, the old one kept.
 */
public final class FirstChunkEvent {
    private final RequestInfo request;
    private final Deployment deployment;
    private final Duration elapsed;

    /**
     * An event with the given values.
     *
     * @param request the streamed request
     * @param deployment the deployment streaming
     * @param elapsed time from the attempt's start to the chunk
     */
    public FirstChunkEvent(RequestInfo request, Deployment deployment, Duration elapsed) {
        this.request = Objects.requireNonNull(request, "request");
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
    }

    /** The streamed request. */
    public RequestInfo request() {
        return request;
    }

    /** The deployment streaming. */
    public Deployment deployment() {
        return deployment;
    }

    /** Time from the attempt's start to the first chunk with content. */
    public Duration elapsed() {
        return elapsed;
    }

    /** The event's fields; the request by id. */
    @Override
    public String toString() {
        return "FirstChunkEvent[request=" + request.id() + ", deployment=" + deployment.id() + ", elapsed=" + elapsed + "]";
    }
}
