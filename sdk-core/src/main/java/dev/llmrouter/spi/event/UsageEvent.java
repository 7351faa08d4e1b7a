package dev.llmrouter.spi.event;

import dev.llmrouter.RequestInfo;
import dev.llmrouter.api.Usage;
import dev.llmrouter.spi.routing.Deployment;
import java.util.Objects;

/**
 * A deployment answered and reported its token usage (for a stream, the stream's total). Comes
 * before the attempt's {@link AttemptEndedEvent}. Immutable and thread-safe.
 *
 * <p>Made by the router and handed to {@link RouterListener}; the constructor is public so that
 * a listener's own tests can make one. New fields arrive with a new constructor, the old one kept.
 */
public final class UsageEvent {
    private final RequestInfo request;
    private final Deployment deployment;
    private final Usage usage;

    /**
     * An event with the given values.
     *
     * @param request the request answered
     * @param deployment the deployment that answered
     * @param usage the usage it reported, {@link Usage#EMPTY} when it reported none
     */
    public UsageEvent(RequestInfo request, Deployment deployment, Usage usage) {
        this.request = Objects.requireNonNull(request, "request");
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.usage = Objects.requireNonNull(usage, "usage");
    }

    /** The request answered. */
    public RequestInfo request() {
        return request;
    }

    /** The deployment that answered. */
    public Deployment deployment() {
        return deployment;
    }

    /** The usage it reported, {@link Usage#EMPTY} when it reported none. */
    public Usage usage() {
        return usage;
    }

    /** The event's fields; the request by id. */
    @Override
    public String toString() {
        return "UsageEvent[request=" + request.id() + ", deployment=" + deployment.id() + ", usage=" + usage + "]";
    }
}
