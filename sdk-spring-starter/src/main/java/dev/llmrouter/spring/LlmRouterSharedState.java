package dev.llmrouter.spring;

import dev.llmrouter.spi.state.AdmissionControl;
import dev.llmrouter.spi.state.ResponseCache;
import dev.llmrouter.spi.state.SharedState;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The router bean's shared state store (Redis, from llmrouter-redis): the admission control that
 * holds circuits, rate limits and concurrency leases for every instance of the application, and
 * whether the store can be reached now. The starter opens it from the configuration's
 * {@code redis:} section or {@code llmrouter.redis.*}, hands it to the router bean, and closes it
 * with the application context, after the router (which is what releases the Redis connections).
 * Define a bean of this type to hand over a store of your own. Thread-safe; {@link #close()} is
 * idempotent.
 */
public final class LlmRouterSharedState implements AutoCloseable {
    private final SharedState state;
    private final BooleanSupplier reachable;
    private final boolean rejectsWhenUnreachable;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param state the opened store; closing this closes its admission control
     * @param reachable whether the store answers now (read from what the last calls to it saw,
     *        never by calling it)
     * @param rejectsWhenUnreachable true when requests are refused while the store is away
     *        ({@code on_failure: fail}), false when the router then serves on this instance's own state
     */
    public LlmRouterSharedState(SharedState state, BooleanSupplier reachable, boolean rejectsWhenUnreachable) {
        this.state = Objects.requireNonNull(state, "state");
        this.reachable = Objects.requireNonNull(reachable, "reachable");
        this.rejectsWhenUnreachable = rejectsWhenUnreachable;
    }

    /** The admission control to hand to the router. */
    public AdmissionControl admission() {
        return state.admission();
    }

    /** The store's shared response cache, when it has one. */
    public Optional<ResponseCache> responseCache() {
        return state.responseCache();
    }

    /** True while the store answers (false during an outage the router has noticed). */
    public boolean reachable() {
        return reachable.getAsBoolean();
    }

    /** True when requests are refused while the store cannot be reached. */
    public boolean rejectsWhenUnreachable() {
        return rejectsWhenUnreachable;
    }

    /** Where the store is, without secrets, and whether it is shared or on local state now. */
    public String description() {
        return state.admission().description();
    }

    /** Closes the admission control and with it the store's connections. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            state.admission().close();
        }
    }

    @Override
    public String toString() {
        return "LlmRouterSharedState[" + description() + "]";
    }
}
