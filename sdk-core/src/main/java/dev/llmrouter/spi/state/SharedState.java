package dev.llmrouter.spi.state;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link StateStoreProvider} opens: the admission control (which owns the connection: the
 * router closes it on close) and, optionally, a shared response cache. Immutable and thread-safe.
 */
public final class SharedState {
    private final AdmissionControl admission;
    private final ResponseCache responseCache;

    /**
     * @param admission the admission control; closing it releases the store
     * @param responseCache a shared response cache, or null to keep the in-memory one
     */
    public SharedState(AdmissionControl admission, ResponseCache responseCache) {
        this.admission = Objects.requireNonNull(admission, "admission");
        this.responseCache = responseCache;
    }

    /** The admission control. */
    public AdmissionControl admission() {
        return admission;
    }

    /** The shared response cache, when the store provides one. */
    public Optional<ResponseCache> responseCache() {
        return Optional.ofNullable(responseCache);
    }
}
