package dev.llmrouter.internal;

import dev.llmrouter.TimeSource;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A region of code where one thread blocks (a backoff sleep, a queue wait) and from which another
 * thread can wake it: {@link #wake()} interrupts the waiting thread, but only while it is inside the
 * region, so an interrupt never leaks into unrelated code. Waits go through {@link TimeSource#sleep}
 * so that a manual clock makes them instant.
 *
 * <p>Waking is one-shot: once woken, every later wait returns at once. Thread-safe; one thread waits
 * at a time.
 */
public final class WaitRegion {
    private final ReentrantLock lock = new ReentrantLock();
    private Thread waiter;
    private boolean interruptPending;
    private volatile boolean woken;

    /** A blocking action that may be interrupted. */
    @FunctionalInterface
    public interface Blocking<T> {
        /** Runs the action. */
        T run() throws InterruptedException;
    }

    /** Wakes the thread waiting in this region now, and makes every later wait return at once. */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            if (waiter != null && !interruptPending) {
                interruptPending = true;
                waiter.interrupt();
            }
        } finally {
            lock.unlock();
        }
    }

    /** True once {@link #wake()} was called. */
    public boolean isWoken() {
        return woken;
    }

    /**
     * Sleeps {@code nanos} on {@code time}; returns true when the whole time passed, false when woken.
     *
     * @throws InterruptedException when another party interrupted the thread (the flag is cleared, as usual)
     */
    public boolean sleep(TimeSource time, long nanos) throws InterruptedException {
        if (nanos <= 0) {
            return !woken;
        }
        return run(() -> {
            time.sleep(nanos);
            return Boolean.TRUE;
        }).isPresent();
    }

    /**
     * Runs a blocking action inside the region; empty when woken before it or out of it (the
     * action's {@link InterruptedException} caused by the wake is absorbed). A null result is empty too.
     *
     * @throws InterruptedException when another party interrupted the thread
     */
    public <T> Optional<T> run(Blocking<T> action) throws InterruptedException {
        lock.lock();
        try {
            if (woken) {
                return Optional.empty();
            }
            waiter = Thread.currentThread();
        } finally {
            lock.unlock();
        }
        try {
            // an action that completed is returned even if a wake raced with it: a granted admission
            // must reach its owner to be settled
            return Optional.ofNullable(action.run());
        } catch (InterruptedException e) {
            if (woken) {
                return Optional.empty();
            }
            throw e;
        } finally {
            lock.lock();
            try {
                waiter = null;
                if (interruptPending) {
                    // our own interrupt may still be pending when the action finished first: clear it
                    Thread.interrupted();
                    interruptPending = false;
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
