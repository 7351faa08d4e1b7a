package dev.llmrouter.internal.routing;

import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.RequestInfo;
import dev.llmrouter.spi.event.FirstChunkEvent;
import dev.llmrouter.spi.event.UsageEvent;
import dev.llmrouter.spi.event.AttemptEndedEvent;
import dev.llmrouter.spi.event.AttemptStartedEvent;
import dev.llmrouter.spi.event.CacheHitEvent;
import dev.llmrouter.spi.event.CircuitChangedEvent;
import dev.llmrouter.spi.event.FallbackEvent;
import dev.llmrouter.spi.event.RateLimitedEvent;
import dev.llmrouter.spi.event.RequestCompletedEvent;
import dev.llmrouter.spi.event.RetryEvent;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.Route;
import dev.llmrouter.api.Usage;
import dev.llmrouter.internal.SecretRedactor;
import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spi.state.CircuitView;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to the {@link RouterListener} and the log. A listener that throws is logged and
 * ignored. Circuit changes are derived from the circuit views the router sees, so they work with
 * any admission control. Thread-safe.
 */
final class Events {
    private static final Logger LOG = LoggerFactory.getLogger("dev.llmrouter.routing");

    private final RouterListener listener;
    private final SecretRedactor redactor;

    Events(RouterListener listener, SecretRedactor redactor) {
        this.listener = listener;
        this.redactor = redactor;
    }

    void attemptStarted(RequestInfo request, Deployment d, int attempt, boolean streaming) {
        LOG.debug("attempt {} on {}{}", attempt, d.id(), streaming ? " (stream)" : "");
        safely(() -> listener.onAttemptStarted(new AttemptStartedEvent(request, d, attempt, streaming)));
    }

    void attemptEnded(RequestInfo request, Deployment d, AttemptRecord record, LlmRouterException failure) {
        if (failure == null) {
            LOG.debug("attempt on {} succeeded in {} ms", d.id(), record.latency().toMillis());
        } else if (LOG.isDebugEnabled()) {
            // failures are routine under retries and fallbacks; circuit changes and fallbacks are logged louder
            LOG.debug("attempt on {} failed after {} ms: {}", d.id(), record.latency().toMillis(),
                    redactor.redact(failure.getMessage()));
        }
        safely(() -> listener.onAttemptEnded(new AttemptEndedEvent(request, d, record, failure)));
    }

    void retry(RequestInfo request, Deployment failed, int retry, Duration delay, LlmRouterException cause) {
        LOG.debug("retry {} in group {} after {} ms", retry, failed.group(), delay.toMillis());
        safely(() -> listener.onRetry(new RetryEvent(request, failed, retry, delay, cause)));
    }

    void fallback(RequestInfo request, String from, String to, LlmRouterException cause) {
        LOG.info("falling back from {} to {} after {}: {}", from, to, cause.failureKind().wireName(),
                redactor.redact(cause.getMessage()));
        safely(() -> listener.onFallback(new FallbackEvent(request, from, to, cause)));
    }

    /**
     * Reports a change when {@code view}'s state differs from the last one seen for the deployment;
     * {@code request} is the request it was seen for, or null outside one.
     */
    void circuitSeen(RequestInfo request, Deployment d, CircuitView view) {
        circuitSeen(request, d, view.state());
    }

    /**
     * Reports a change when {@code state} differs from the last one seen for the deployment; the
     * admission control's circuit listener and the views the router reads both land here, so each
     * change is reported once. {@code request} is the request it was seen for, or null outside one.
     */
    void circuitSeen(RequestInfo request, Deployment d, CircuitState state) {
        if (RouterDeployment.of(d).lastCircuitState.get() == state) {
            return; // the common case, a plain read: no write to a line every request shares
        }
        CircuitState before = RouterDeployment.of(d).lastCircuitState.getAndSet(state);
        if (before != state) {
            if (state == CircuitState.OPEN) {
                LOG.warn("circuit of {}: {} -> OPEN", d.id(), before);
            } else {
                LOG.info("circuit of {}: {} -> {}", d.id(), before, state);
            }
            safely(() -> listener.onCircuitStateChanged(new CircuitChangedEvent(request, d, before, state)));
        }
    }

    void rateLimited(RequestInfo request, Deployment d, Admission.Denial denial, Duration retryAfter) {
        LOG.debug("{} over its limit ({}), free again in {} ms", d.id(), denial, retryAfter.toMillis());
        safely(() -> listener.onRateLimited(new RateLimitedEvent(request, d, denial, retryAfter)));
    }

    void cacheHit(RequestInfo info, String group, ChatRequest request) {
        LOG.debug("cache answered a request for {}", group);
        safely(() -> listener.onCacheHit(new CacheHitEvent(info, group, request)));
    }

    void usage(RequestInfo request, Deployment d, Usage usage) {
        safely(() -> listener.onUsage(new UsageEvent(request, d, usage == null ? Usage.EMPTY : usage)));
    }

    void firstChunk(RequestInfo request, Deployment d, Duration elapsed) {
        safely(() -> listener.onFirstChunk(new FirstChunkEvent(request, d, elapsed)));
    }

    void completed(RequestInfo request, Route route, LlmRouterException failure) {
        safely(() -> listener.onRequestCompleted(new RequestCompletedEvent(request, route, failure)));
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("router listener failed; ignored", e);
        }
    }
}
