package dev.llmrouter;

import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.Route;
import dev.llmrouter.resilience.Admission;
import dev.llmrouter.resilience.CircuitState;
import dev.llmrouter.routing.Deployment;
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
 */
public interface RouterListener {
    /** A listener that does nothing. */
    RouterListener NONE = new RouterListener() {
    };

    /** An attempt is about to call {@code deployment}; {@code attempt} counts from 1 across the whole request. */
    default void onAttemptStarted(Deployment deployment, int attempt, boolean streaming) {
    }

    /** An attempt ended; {@code failure} is null on success. */
    default void onAttemptEnded(Deployment deployment, AttemptRecord record, LlmRouterException failure) {
    }

    /** The group will try again after {@code delay} (zero when another deployment is tried at once). */
    default void onRetry(Deployment failed, int retry, Duration delay, LlmRouterException cause) {
    }

    /** The request falls back from one model group to another. */
    default void onFallback(String fromGroup, String toGroup, LlmRouterException cause) {
    }

    /** The router saw a deployment's circuit change state (when selecting, settling or reporting health). */
    default void onCircuitStateChanged(Deployment deployment, CircuitState from, CircuitState to) {
    }

    /** This router's own rpm/tpm limit turned a deployment down for now. */
    default void onRateLimited(Deployment deployment, Admission.Denial denial, Duration retryAfter) {
    }

    /** The response cache answered a request for {@code group}. */
    default void onCacheHit(String group, ChatRequest request) {
    }

    /** A request finished: {@code failure} is null when it produced a response (for a stream: when the stream ended). */
    default void onRequestCompleted(Route route, LlmRouterException failure) {
    }
}
