package dev.llmrouter.spring;

import dev.llmrouter.RequestInfo;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.Route;
import dev.llmrouter.api.Usage;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.CircuitState;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every router event to several listeners in order (the starter's metrics and tracing
 * listeners and the application's own {@link RouterListener} beans). One listener that throws is
 * logged and does not keep the others from the event. Thread-safe when the listeners are.
 */
public final class CompositeRouterListener implements RouterListener {
    private static final Logger LOG = LoggerFactory.getLogger(CompositeRouterListener.class);
    private final List<RouterListener> listeners;

    /** Delivers to {@code listeners}, in this order. */
    public CompositeRouterListener(List<RouterListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** {@code listeners} as one listener: the only one itself, {@link RouterListener#NONE} for none. */
    public static RouterListener of(List<RouterListener> listeners) {
        return listeners.isEmpty() ? RouterListener.NONE
                : listeners.size() == 1 ? listeners.get(0) : new CompositeRouterListener(listeners);
    }

    private void each(Consumer<RouterListener> event) {
        for (RouterListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("router listener {} failed; ignored", l.getClass().getName(), e);
            }
        }
    }

    @Override
    public void onAttemptStarted(RequestInfo request, Deployment deployment, int attempt, boolean streaming) {
        each(l -> l.onAttemptStarted(request, deployment, attempt, streaming));
    }

    @Override
    public void onAttemptEnded(RequestInfo request, Deployment deployment, AttemptRecord record,
                               LlmRouterException failure) {
        each(l -> l.onAttemptEnded(request, deployment, record, failure));
    }

    @Override
    public void onRetry(RequestInfo request, Deployment failed, int retry, Duration delay, LlmRouterException cause) {
        each(l -> l.onRetry(request, failed, retry, delay, cause));
    }

    @Override
    public void onFallback(RequestInfo request, String fromGroup, String toGroup, LlmRouterException cause) {
        each(l -> l.onFallback(request, fromGroup, toGroup, cause));
    }

    @Override
    public void onCircuitStateChanged(Deployment deployment, CircuitState from, CircuitState to) {
        each(l -> l.onCircuitStateChanged(deployment, from, to));
    }

    @Override
    public void onRateLimited(RequestInfo request, Deployment deployment, Admission.Denial denial, Duration retryAfter) {
        each(l -> l.onRateLimited(request, deployment, denial, retryAfter));
    }

    @Override
    public void onCacheHit(RequestInfo info, String group, ChatRequest request) {
        each(l -> l.onCacheHit(info, group, request));
    }

    @Override
    public void onRequestCompleted(RequestInfo request, Route route, LlmRouterException failure) {
        each(l -> l.onRequestCompleted(request, route, failure));
    }

    @Override
    public void onUsage(RequestInfo request, Deployment deployment, Usage usage) {
        each(l -> l.onUsage(request, deployment, usage));
    }

    @Override
    public void onFirstChunk(RequestInfo request, Deployment deployment, Duration elapsed) {
        each(l -> l.onFirstChunk(request, deployment, elapsed));
    }
}
