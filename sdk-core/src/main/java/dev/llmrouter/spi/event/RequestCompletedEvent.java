package dev.llmrouter.spi.event;

import dev.llmrouter.RequestInfo;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.Route;
import java.util.Objects;
import java.util.Optional;

/**
 * A request finished: with a response (for a stream: when the stream ended) or a failure. Immutable and thread-safe.
 *
 * <p>Made by the router and handed to {@link RouterListener}; the constructor is public so that
 * a listener's own tests can make one. New fields arrive with a new constructor, the old one kept.
 */
public final class RequestCompletedEvent {
    private final RequestInfo request;
    private final Route route;
    private final LlmRouterException failure;

    /**
     * An event with the given values.
     *
     * @param request the request that finished
     * @param route how it was routed: every attempt, fallbacks, cache hit
     * @param failure the failure, or null
     */
    public RequestCompletedEvent(RequestInfo request, Route route, LlmRouterException failure) {
        this.request = Objects.requireNonNull(request, "request");
        this.route = Objects.requireNonNull(route, "route");
        this.failure = failure;
    }

    /** The request that finished. */
    public RequestInfo request() {
        return request;
    }

    /** How it was routed: every attempt, fallbacks, cache hit. */
    public Route route() {
        return route;
    }

    /** The failure; empty when the request produced a response. */
    public Optional<LlmRouterException> failure() {
        return Optional.ofNullable(failure);
    }

    /** The event's fields; the request by id, a failure by kind (never message text or content). */
    @Override
    public String toString() {
        return "RequestCompletedEvent[request=" + request.id() + ", route=" + route
                + ", failure=" + (failure == null ? null : failure.failureKind()) + "]";
    }
}
