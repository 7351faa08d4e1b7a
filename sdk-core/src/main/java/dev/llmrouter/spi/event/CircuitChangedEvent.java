package dev.llmrouter.spi.event;

import dev.llmrouter.RequestInfo;
import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.spi.state.CircuitState;
import java.util.Objects;
import java.util.Optional;

/**
 * A deployment's circuit changed state, made by one of the router's admissions or settlements (each
 * change reported once, by the call that made it). Immutable and thread-safe.
 *
 * <p>Made by the router and handed to {@link RouterListener}; the constructor is public so that
 * a listener's own tests can make one. New fields arrive with a new constructor, the old one kept.
 */
public final class CircuitChangedEvent {
    private final RequestInfo request;
    private final Deployment deployment;
    private final CircuitState from;
    private final CircuitState to;

    /**
     * An event with the given values.
     *
     * @param request the request during which the change was seen, or null
     * @param deployment the deployment whose circuit changed
     * @param from the state last seen
     * @param to the state now
     */
    public CircuitChangedEvent(RequestInfo request, Deployment deployment, CircuitState from, CircuitState to) {
        this.request = request;
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
    }

    /** The request during which the change was seen; empty only for an event made outside the router (the router's own always carry their request). */
    public Optional<RequestInfo> request() {
        return Optional.ofNullable(request);
    }

    /** The deployment whose circuit changed. */
    public Deployment deployment() {
        return deployment;
    }

    /** The state last seen. */
    public CircuitState from() {
        return from;
    }

    /** The state now. */
    public CircuitState to() {
        return to;
    }

    /** The event's fields; the request by id, a failure by kind (never message text or content). */
    @Override
    public String toString() {
        return "CircuitChangedEvent[request=" + (request == null ? null : request.id())
                + ", deployment=" + deployment.id() + ", from=" + from + ", to=" + to + "]";
    }
}
