package dev.llmrouter.internal.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The router-wide bound on response bytes held in memory at once by calls in flight (issue 15,
 * defect 8): {@code max_response_bytes} bounds one call, this bounds all of them together. A call
 * takes bytes as its body arrives and gives them back once the answer is parsed. A call that
 * would go over the budget is refused, unless nothing else holds any of it, so one answer up to
 * its own limit always gets through.
 *
 * <p>Thread-safe and lock-free.
 */
public final class ResponseBudget {
    /** The default: an eighth of the maximum heap, at least 16 MiB. */
    public static long defaultBytes() {
        return Math.max(16L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 8);
    }

    private final long limit;
    private final AtomicLong held = new AtomicLong();

    /**
     * A budget of {@code limit} bytes.
     *
     * @throws IllegalArgumentException when {@code limit} is not positive
     */
    public ResponseBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("the response budget must be positive, got " + limit);
        }
        this.limit = limit;
    }

    /** The limit in bytes. */
    public long limit() {
        return limit;
    }

    /** The bytes held now by calls in flight. */
    public long held() {
        return held.get();
    }

    /**
     * Takes {@code bytes} on top of the {@code alreadyHeld} this call holds; false, taking nothing,
     * when that would go over the limit while other calls hold some of it.
     */
    boolean tryTake(long bytes, long alreadyHeld) {
        while (true) {
            long now = held.get();
            long after = now + bytes;
            boolean alone = now == alreadyHeld;
            if (after > limit && !alone) {
                return false;
            }
            if (held.compareAndSet(now, after)) {
                return true;
            }
        }
    }

    /** Gives back {@code bytes} taken before. */
    void give(long bytes) {
        if (bytes > 0) {
            held.addAndGet(-bytes);
        }
    }
}
