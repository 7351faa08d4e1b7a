package dev.llmrouter.spi.event;

import dev.llmrouter.RequestInfo;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.spi.routing.Deployment;
import java.util.Objects;
import java.util.Optional;

/**
 * An attempt ended, with its record and, when it failed, the failure. Immutable and thread-safe.
 *
 * <p>Made by the router and handed to {@link RouterListener}; the constructor is public so that
 * a listener's own tests can make one. New fields arrive with a new constructor, the old one kept.
 */
public final class AttemptEndedEvent {
    private final RequestInfo request;
    private final Deployment deployment;
    private final AttemptRecord record;
    private final LlmRouterException failure;

    /**
     * An event with the given values.
     *
     * @param request the request the attempt belongs to
     * @param deployment the deployment that was called
     * @param record how the attempt ended: outcome, HTTP status, latency
     * @param failure the failure, or null
     */
    public AttemptEndedEvent(RequestInfo request, Deployment deployment, AttemptRecord record, LlmRouterException failure) {
        this.request = Objects.requireNonNull(request, "request");
        this.deployment = Objects.requireNonNull(deployment, "deployment");
        this.record = Objects.requireNonNull(record, "record");
        this.failure = failure;
    }

    /** The request the attempt belongs to. */
    public RequestInfo request() {
        return request;
    }

    /** The deployment that was called. */
    public Deployment deployment() {
        return deployment;
    }

    /** How the attempt ended: outcome, HTTP status, latency. */
    public AttemptRecord record() {
        return record;
    }

    /** The failure; empty when the attempt succeeded. */
    public Optional<LlmRouterException> failure() {
        return Optional.ofNullable(failure);
    }

    /** The event's fields; the request by id, a failure by kind (never message text or content). */
    @Override
    public String toString() {
        return "AttemptEndedEvent[request=" + request.id() + ", deployment=" + deployment.id() + ", record=" + record
                + ", failure=" + (failure == null ? null : failure.failureKind()) + "]";
    }
}
