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
import dev.llmrouter.internal.http.Redactor;
import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spi.state.CircuitTransition;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to the {@link RouterListener} and the log. A listener that throws is logged and
 * ignored. Circuit changes arrive only from {@link StateGate}, as the admission control's answers
 * report them (each change once, by the call that made it). Thread-safe.
 */
final class Events {
    private static final Logger LOG = LoggerFactory.getLogger("dev.llmrouter.routing");

    private final RouterListener listener;
    private final Redactor redactor;

    Events(RouterListener listener, Redactor redactor) {
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
     * Reports one circuit change of {@code d}, as the admit or settle that made it reported it, during
     * {@code request}.
     */
    void circuitChanged(RequestInfo request, Deployment d, CircuitTransition change) {
        CircuitState from = change.from();
        CircuitState to = change.to();
        if (to == CircuitState.OPEN) {
            LOG.warn("circuit of {}: {} -> OPEN for {} ms", d.id(), from, change.cooldown().toMillis());
        } else {
            LOG.info("circuit of {}: {} -> {}", d.id(), from, to);
        }
        safely(() -> listener.onCircuitStateChanged(new CircuitChangedEvent(request, d, from, to)));
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

    /**
     * Runs a listener call; whatever it throws is logged and ignored (an {@link AssertionError} or
     * a {@link StackOverflowError} too), except a {@link VirtualMachineError} the JVM cannot get
     * over, such as {@link OutOfMemoryError}, which is rethrown (the attempt is settled on the way out).
     */
    private void safely(Runnable r) {
        try {
            r.run();
        } catch (StackOverflowError e) {
            LOG.warn("router listener overflowed its stack; ignored", e);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.warn("router listener failed; ignored", e);
        }
    }
}
