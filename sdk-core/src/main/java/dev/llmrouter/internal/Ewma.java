package dev.llmrouter.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * An exponentially weighted moving average of durations, updated lock-free. Empty (NaN) until the
 * first sample; the first sample sets it, each later one moves it by {@code alpha} towards itself.
 * Thread-safe.
 */
public final class Ewma {
    private static final long EMPTY = Double.doubleToRawLongBits(Double.NaN);

    private final double alpha;
    private final AtomicLong bits = new AtomicLong(EMPTY);

    /** An average giving each new sample the weight {@code alpha} (0 to 1). */
    public Ewma(double alpha) {
        if (alpha <= 0 || alpha > 1) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
        this.alpha = alpha;
    }

    /** Adds a sample. */
    public void add(double value) {
        while (true) {
            long old = bits.get();
            double current = Double.longBitsToDouble(old);
            double next = Double.isNaN(current) ? value : current + alpha * (value - current);
            if (bits.compareAndSet(old, Double.doubleToRawLongBits(next))) {
                return;
            }
        }
    }

    /** The average, or NaN before the first sample. */
    public double value() {
        return Double.longBitsToDouble(bits.get());
    }
}
