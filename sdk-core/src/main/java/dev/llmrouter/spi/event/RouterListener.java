package dev.llmrouter.spi.event;

/**
 * Observes the router's decisions, for metrics, tracing and logs: one method per event, each
 * taking an event object, so events can gain fields without new methods. Every method has a no-op
 * default; implement the ones you need.
 *
 * <p>Every event of a request carries its {@link dev.llmrouter.RequestInfo} (the router's id for the
 * request and the caller's metadata), so a listener can tie events to the caller's own request; a
 * circuit change may also be seen outside any request (see {@link CircuitChangedEvent#request()}).
 *
 * <p>Called synchronously on the thread that routes the request (for a stream, also the thread
 * that reads or closes it; for a request ended by its overall deadline, the router's deadline
 * thread), so implementations must be thread-safe, quick and must not block. An exception thrown
 * by a listener is logged and otherwise ignored: it never changes a request's outcome.
 */
public interface RouterListener {
    /** A listener that does nothing. */
    RouterListener NONE = new RouterListener() {
    };

    /** An attempt is about to call a deployment. */
    default void onAttemptStarted(AttemptStartedEvent event) {
    }

    /** An attempt ended, in success or failure. */
    default void onAttemptEnded(AttemptEndedEvent event) {
    }

    /** The model group will try again. */
    default void onRetry(RetryEvent event) {
    }

    /** The request falls back from one model group to another. */
    default void onFallback(FallbackEvent event) {
    }

    /** The router saw a deployment's circuit change state. */
    default void onCircuitStateChanged(CircuitChangedEvent event) {
    }

    /** This router's own rpm/tpm limit or concurrency cap turned a deployment down for now. */
    default void onRateLimited(RateLimitedEvent event) {
    }

    /** The response cache answered a request. */
    default void onCacheHit(CacheHitEvent event) {
    }

    /** A request finished, with a response (for a stream: when the stream ended) or a failure. */
    default void onRequestCompleted(RequestCompletedEvent event) {
    }

    /** A deployment answered and reported its token usage; comes before the attempt's end. */
    default void onUsage(UsageEvent event) {
    }

    /** A stream's first chunk with content arrived (time to first chunk). */
    default void onFirstChunk(FirstChunkEvent event) {
    }
}
