package dev.llmrouter.internal.state;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The concurrency slots of one provider or deployment: a fair (first come, first served) semaphore
 * sized by the cap, and a count of leases held. The cap comes with each call; when it changes the
 * semaphore is resized in place (slots already held stay held).
 *
 * <p>Thread-safe.
 */
public final class LeasePool {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ReentrantLock resize = new ReentrantLock();
    private volatile Slots slots;
    private volatile int cap;

    /** The pool's semaphore for {@code wantedCap}, or null when {@code wantedCap} is 0 (unlimited). */
    public Semaphore slots(int wantedCap) {
        if (wantedCap <= 0) {
            return null;
        }
        Slots s = slots;
        if (s != null && cap == wantedCap) {
            return s;
        }
        resize.lock();
        try {
            if (slots == null) {
                slots = new Slots(wantedCap);
            } else if (cap < wantedCap) {
                slots.release(wantedCap - cap);
            } else if (cap > wantedCap) {
                slots.shrink(cap - wantedCap);
            }
            cap = wantedCap;
            return slots;
        } finally {
            resize.unlock();
        }
    }

    /** The pool's semaphore as it is, or null when it never had a cap. */
    public Semaphore current() {
        return slots;
    }

    /** Leases held now. */
    public AtomicInteger inFlight() {
        return inFlight;
    }

    /** Threads waiting for a slot now (an estimate, for metrics and tests). */
    public int waiting() {
        Slots s = slots;
        return s == null ? 0 : s.getQueueLength();
    }

    /** A fair semaphore that can also shrink. */
    private static final class Slots extends Semaphore {
        Slots(int permits) {
            super(permits, true);
        }

        void shrink(int by) {
            reducePermits(by);
        }
    }
}
