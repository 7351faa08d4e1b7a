package dev.llmrouter.spi.event;

import dev.llmrouter.RequestInfo;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.Route;
import dev.llmrouter.api.Usage;
import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spi.routing.Deployment;
import java.time.Duration;

/**
 * Observes the router's decisions, for metrics, tracing and logs. Every method has a no-op
 * default; implement the ones you need.
 *
 * <p>Called synchronously on the thread that routes the request (for a stream, also the thread
 * that reads or closes it; for a request ended by its overall deadline, the router's deadline
 * thread), so implementations must be thread-safe, quick and must not block. An
 * exception thrown by a listener is logged and otherwise ignored: it never changes a request's
 * outcome.
 *
 * <p>Every event of a request also comes with its {@link RequestInfo} (its id and the caller's
 * metadata): the router calls the overloads that take one, which by default call the plain ones.
 * Override whichever form you need.
 */
public interface RouterListener {
    /** A listener that does nothing. */
    RouterListener NONE = new RouterListener() {
    };

    /** An attempt is about to call {@code deployment}; {@code attempt} counts from 1 across the whole request. */
    default void onAttemptStarted(Deployment deployment, int attempt, boolean streaming) {
    }

    /**
     * {@link #onAttemptStarted(Deployment, int, boolean)} with the request it belongs to. The
     * router calls this one; by default it calls the one without {@code request}.
     */
    default void onAttemptStarted(RequestInfo request, Deployment deployment, int attempt, boolean streaming) {
        onAttemptStarted(deployment, attempt, streaming);
    }

    /** An attempt ended; {@code failure} is null on success. */
    default void onAttemptEnded(Deployment deployment, AttemptRecord record, LlmRouterException failure) {
    }

    /**
     * {@link #onAttemptEnded(Deployment, AttemptRecord, LlmRouterException)} with the request it
     * belongs to. The router calls this one; by default it calls the one without {@code request}.
     */
    default void onAttemptEnded(RequestInfo request, Deployment deployment, AttemptRecord record, LlmRouterException failure) {
        onAttemptEnded(deployment, record, failure);
    }

    /** The group will try again after {@code delay} (zero when another deployment is tried at once). */
    default void onRetry(Deployment failed, int retry, Duration delay, LlmRouterException cause) {
    }

    /**
     * {@link #onRetry(Deployment, int, Duration, LlmRouterException)} with the request it belongs
     * to. The router calls this one; by default it calls the one without {@code request}.
     */
    default void onRetry(RequestInfo request, Deployment failed, int retry, Duration delay, LlmRouterException cause) {
        onRetry(failed, retry, delay, cause);
    }

    /** The request falls back from one model group to another. */
    default void onFallback(String fromGroup, String toGroup, LlmRouterException cause) {
    }

    /**
     * {@link #onFallback(String, String, LlmRouterException)} with the request it belongs to. The
     * router calls this one; by default it calls the one without {@code request}.
     */
    default void onFallback(RequestInfo request, String fromGroup, String toGroup, LlmRouterException cause) {
        onFallback(fromGroup, toGroup, cause);
    }

    /**
     * The router saw a deployment's circuit change state (when selecting, settling or reporting
     * health). Not tied to one request: a change may be seen while reporting health.
     */
    default void onCircuitStateChanged(Deployment deployment, CircuitState from, CircuitState to) {
    }

    /** This router's own rpm/tpm limit turned a deployment down for now. */
    default void onRateLimited(Deployment deployment, Admission.Denial denial, Duration retryAfter) {
    }

    /**
     * {@link #onRateLimited(Deployment, Admission.Denial, Duration)} with the request that was
     * turned down. The router calls this one; by default it calls the one without {@code request}.
     */
    default void onRateLimited(RequestInfo request, Deployment deployment, Admission.Denial denial, Duration retryAfter) {
        onRateLimited(deployment, denial, retryAfter);
    }

    /** The response cache answered a request for {@code group}. */
    default void onCacheHit(String group, ChatRequest request) {
    }

    /**
     * {@link #onCacheHit(String, ChatRequest)} with the request's information. The router calls
     * this one; by default it calls the one without {@code info}.
     */
    default void onCacheHit(RequestInfo info, String group, ChatRequest request) {
        onCacheHit(group, request);
    }

    /** A request finished: {@code failure} is null when it produced a response (for a stream: when the stream ended). */
    default void onRequestCompleted(Route route, LlmRouterException failure) {
    }

    /**
     * {@link #onRequestCompleted(Route, LlmRouterException)} with the request it belongs to. The
     * router calls this one; by default it calls the one without {@code request}.
     */
    default void onRequestCompleted(RequestInfo request, Route route, LlmRouterException failure) {
        onRequestCompleted(route, failure);
    }

    /**
     * A deployment answered: {@code usage} is the token usage it reported (for a stream, the
     * stream's total), {@link Usage#EMPTY} when it reported none. Called before the attempt's
     * {@code onAttemptEnded}.
     */
    default void onUsage(RequestInfo request, Deployment deployment, Usage usage) {
    }

    /**
     * The first chunk with content of a stream arrived from {@code deployment}, {@code elapsed}
     * after its attempt started (time to first chunk). Not called for a stream that fails over
     * before any content.
     */
    default void onFirstChunk(RequestInfo request, Deployment deployment, Duration elapsed) {
    }
}
