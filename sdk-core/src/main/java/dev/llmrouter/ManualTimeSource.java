package dev.llmrouter;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told: {@link #advance} moves it, and {@link #sleep} advances it by
 * the requested amount at once instead of waiting. For tests of circuits, rate-limit windows and
 * backoff. Thread-safe.
 */
public final class ManualTimeSource implements TimeSource {
    private final AtomicLong nanos = new AtomicLong();
    private final Instant epoch;

    /** A clock starting at the given wall time. */
    public ManualTimeSource(Instant start) {
        this.epoch = start;
    }

    /** A clock starting at 2026-01-01T00:00:00Z. */
    public ManualTimeSource() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** Moves the clock forward. */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + d);
        }
        nanos.addAndGet(d.toNanos());
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public Instant now() {
        return epoch.plusNanos(nanos.get());
    }

    @Override
    public void sleep(long n) {
        if (n > 0) {
            nanos.addAndGet(n);
        }
    }
}
