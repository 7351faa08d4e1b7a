package dev.llmrouter.spi.event;

import dev.llmrouter.RequestInfo;
import dev.llmrouter.api.LlmRouterException;
import java.util.Objects;

/**
 * The request falls back from one model group to another. Immutable and thread-safe.
 *
 * <p>Made by the router and handed to {@link RouterListener}; the constructor is public so that
 * a listener's own tests can make one. New fields arrive with a new constructor, the old one kept.
 */
public final class FallbackEvent {
    private final RequestInfo request;
    private final String fromGroup;
    private final String toGroup;
    private final LlmRouterException cause;

    /**
     * An event with the given values.
     *
     * @param request the request falling back
     * @param fromGroup the model group given up on
     * @param toGroup the model group tried next
     * @param cause the failure that led to the fallback
     */
    public FallbackEvent(RequestInfo request, String fromGroup, String toGroup, LlmRouterException cause) {
        this.request = Objects.requireNonNull(request, "request");
        this.fromGroup = Objects.requireNonNull(fromGroup, "fromGroup");
        this.toGroup = Objects.requireNonNull(toGroup, "toGroup");
        this.cause = Objects.requireNonNull(cause, "cause");
    }

    /** The request falling back. */
    public RequestInfo request() {
        return request;
    }

    /** The model group given up on. */
    public String fromGroup() {
        return fromGroup;
    }

    /** The model group tried next. */
    public String toGroup() {
        return toGroup;
    }

    /** The failure that led to the fallback. */
    public LlmRouterException cause() {
        return cause;
    }

    /** The event's fields; the request by id, a failure by kind (never message text or content). */
    @Override
    public String toString() {
        return "FallbackEvent[request=" + request.id() + ", fromGroup=" + fromGroup + ", toGroup=" + toGroup
                + ", cause=" + cause.failureKind() + "]";
    }
}
