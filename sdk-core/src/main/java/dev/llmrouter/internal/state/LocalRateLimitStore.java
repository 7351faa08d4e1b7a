package dev.llmrouter.internal.state;

import dev.llmrouter.spi.state.LimitScope;
import dev.llmrouter.spi.state.RateLimitStore;
import dev.llmrouter.spi.state.RateReservation;
import dev.llmrouter.TimeSource;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.internal.state.SlidingWindow;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The in-process {@link RateLimitStore}: one conservative sliding window per key (see
 * {@link SlidingWindow}), 60 one-second sub-buckets by default. Never admits more than the limit in
 * any window; gives room back less than one bucket width after an exact log would.
 *
 * <p>Thread-safe: each key has its own lock, held only for the O(1) arithmetic (O(buckets) when
 * computing a denial's wait); keys never contend with each other. The clock is read inside the
 * key's lock so each key sees time move forward.
 */
public final class LocalRateLimitStore implements RateLimitStore {
    /** The window of per-minute limits. */
    public static final Duration MINUTE = Duration.ofMinutes(1);
    /** The default number of sub-buckets per window (one-second buckets for a minute). */
    public static final int DEFAULT_BUCKETS = 60;

    private final TimeSource time;
    private final long windowNanos;
    private final int buckets;
    private final ConcurrentHashMap<String, Key> deployments = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Key> groups = new ConcurrentHashMap<>();

    /** Per-minute windows of 60 one-second buckets. */
    public LocalRateLimitStore(TimeSource time) {
        this(time, MINUTE, DEFAULT_BUCKETS);
    }

    /**
     * @param window the window length (a minute for rpm/tpm; other lengths for tests)
     * @param buckets sub-buckets per window; more buckets give room back sooner and cost
     *        {@code 24 * buckets} bytes per key
     */
    public LocalRateLimitStore(TimeSource time, Duration window, int buckets) {
        this.time = Objects.requireNonNull(time, "time");
        this.windowNanos = window.toNanos();
        this.buckets = buckets;
        new SlidingWindow(windowNanos, buckets); // validates the shape once, up front
    }

    @Override
    public RateReservation tryReserve(LimitScope scope, String key, RateLimit limit, long tokens) {
        Integer rpm = limit.rpm();
        Integer tpm = limit.tpm();
        if (rpm == null && tpm == null) {
            return RateReservation.UNLIMITED;
        }
        long amount = tpm != null ? Math.min(Math.max(tokens, 0), Math.max(tpm, 0)) : Math.max(tokens, 0);
        Key k = key(scope, key);
        k.lock.lock();
        try {
            SlidingWindow w = k.window;
            long now = w.advance(time.nanoTime());
            long rpmWait = rpm == null ? 0 : w.requestWait(now, rpm);
            long tpmWait = tpm == null ? 0 : tpm <= 0 ? windowNanos : w.tokenWait(now, tpm, amount);
            if (rpmWait > 0 || tpmWait > 0) {
                RateReservation.Limit d = rpmWait >= tpmWait ? RateReservation.Limit.RPM : RateReservation.Limit.TPM;
                return new RateReservation(scope, key, d, Math.max(rpmWait, tpmWait), RateReservation.NO_SLOT, 0);
            }
            long slot = w.add(now, amount);
            return new RateReservation(scope, key, null, 0, slot, amount);
        } finally {
            k.lock.unlock();
        }
    }

    @Override
    public void reconcile(RateReservation reservation, long actualTokens) {
        if (actualTokens < 0 || actualTokens == reservation.tokens()) {
            return;
        }
        adjust(reservation, 0, actualTokens - reservation.tokens());
    }

    @Override
    public void cancel(RateReservation reservation) {
        adjust(reservation, -1, -reservation.tokens());
    }

    @Override
    public double headroom(LimitScope scope, String key, RateLimit limit) {
        Integer rpm = limit.rpm();
        Integer tpm = limit.tpm();
        if (rpm == null && tpm == null) {
            return 1.0;
        }
        Key k = (scope == LimitScope.GROUP ? groups : deployments).get(key);
        if (k == null) {
            return Math.min(share(0, rpm), share(0, tpm));
        }
        long usedRequests;
        long usedTokens;
        k.lock.lock();
        try {
            long now = k.window.advance(time.nanoTime());
            usedRequests = k.window.requests(now);
            usedTokens = k.window.tokens(now);
        } finally {
            k.lock.unlock();
        }
        return Math.min(share(usedRequests, rpm), share(usedTokens, tpm));
    }

    private static double share(long used, Integer limit) {
        if (limit == null) {
            return 1.0;
        }
        if (limit <= 0) {
            return 0.0;
        }
        return Math.max(0.0, Math.min(1.0, 1.0 - (double) used / limit));
    }

    private void adjust(RateReservation r, long requestDelta, long tokenDelta) {
        if (!r.recorded()) {
            return;
        }
        Key k = key(r.scope(), r.key());
        k.lock.lock();
        try {
            k.window.advance(time.nanoTime());
            k.window.adjust(r.slot(), requestDelta, tokenDelta);
        } finally {
            k.lock.unlock();
        }
    }

    private Key key(LimitScope scope, String key) {
        ConcurrentHashMap<String, Key> map = scope == LimitScope.GROUP ? groups : deployments;
        Key k = map.get(key);
        return k != null ? k : map.computeIfAbsent(key, x -> new Key(new SlidingWindow(windowNanos, buckets)));
    }

    /** One key's window and the lock that guards it. */
    private static final class Key {
        final ReentrantLock lock = new ReentrantLock();
        final SlidingWindow window;

        Key(SlidingWindow window) {
            this.window = window;
        }
    }
}
