package dev.llmrouter.spring;

import dev.llmrouter.spi.event.AttemptEndedEvent;
import dev.llmrouter.spi.event.AttemptStartedEvent;
import dev.llmrouter.spi.event.CacheHitEvent;
import dev.llmrouter.spi.event.CircuitChangedEvent;
import dev.llmrouter.spi.event.FallbackEvent;
import dev.llmrouter.spi.event.FirstChunkEvent;
import dev.llmrouter.spi.event.RateLimitedEvent;
import dev.llmrouter.spi.event.RequestCompletedEvent;
import dev.llmrouter.spi.event.RetryEvent;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.spi.event.UsageEvent;
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
    public void onAttemptStarted(AttemptStartedEvent event) {
        each(l -> l.onAttemptStarted(event));
    }

    @Override
    public void onAttemptEnded(AttemptEndedEvent event) {
        each(l -> l.onAttemptEnded(event));
    }

    @Override
    public void onRetry(RetryEvent event) {
        each(l -> l.onRetry(event));
    }

    @Override
    public void onFallback(FallbackEvent event) {
        each(l -> l.onFallback(event));
    }

    @Override
    public void onCircuitStateChanged(CircuitChangedEvent event) {
        each(l -> l.onCircuitStateChanged(event));
    }

    @Override
    public void onRateLimited(RateLimitedEvent event) {
        each(l -> l.onRateLimited(event));
    }

    @Override
    public void onCacheHit(CacheHitEvent event) {
        each(l -> l.onCacheHit(event));
    }

    @Override
    public void onRequestCompleted(RequestCompletedEvent event) {
        each(l -> l.onRequestCompleted(event));
    }

    @Override
    public void onUsage(UsageEvent event) {
        each(l -> l.onUsage(event));
    }

    @Override
    public void onFirstChunk(FirstChunkEvent event) {
        each(l -> l.onFirstChunk(event));
    }
}
