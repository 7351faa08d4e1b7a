package dev.llmrouter.spi.event;

import dev.llmrouter.RequestInfo;
import dev.llmrouter.api.ChatRequest;
import java.util.Objects;

/**
 * The response cache answered a request. Immutable and thread-safe.
 *
 * <p>Made by the router and handed to {@link RouterListener}; the constructor is public so that
 * a listener's own tests can make one. New fields arrive with a new constructor, the old one kept.
 */
public final class CacheHitEvent {
    private final RequestInfo request;
    private final String group;
    private final ChatRequest chatRequest;

    /**
     * An event with the given values.
     *
     * @param request the request that was answered
     * @param group the model group the request resolved to
     * @param chatRequest the request as the caller made it
     */
    public CacheHitEvent(RequestInfo request, String group, ChatRequest chatRequest) {
        this.request = Objects.requireNonNull(request, "request");
        this.group = Objects.requireNonNull(group, "group");
        this.chatRequest = Objects.requireNonNull(chatRequest, "chatRequest");
    }

    /** The request that was answered. */
    public RequestInfo request() {
        return request;
    }

    /** The model group the request resolved to. */
    public String group() {
        return group;
    }

    /** The request as the caller made it. */
    public ChatRequest chatRequest() {
        return chatRequest;
    }

    /** The event's fields; the request by id, a failure by kind (never message text or content). */
    @Override
    public String toString() {
        return "CacheHitEvent[request=" + request.id() + ", group=" + group
                + ", chatRequest.model=" + chatRequest.model() + "]";
    }
}
