package dev.llmrouter.internal.routing;

import dev.llmrouter.TimeSource;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.OverallTimeoutException;
import dev.llmrouter.api.RequestCancelledException;
import dev.llmrouter.internal.WaitRegion;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.AdmissionControl;
import dev.llmrouter.spi.state.AdmissionRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The life of one request: its overall deadline and its end. A timer on the shared deadline thread
 * ends the request when the overall timeout passes; so does {@link #cancel} (a cancelled future, a
 * closed stream). Ending it cancels the call in flight and wakes any backoff or queue wait, so the
 * caller gets its {@link OverallTimeoutException} within milliseconds of the deadline.
 *
 * <p>The deadline is kept on the router's {@link TimeSource}, and checked at every step, so a
 * manual clock that jumps past it ends the request too. Thread-safe: the request's thread waits
 * and calls; the timer and other threads may cancel.
 */
final class RequestScope {
    private final TimeSource time;
    private final String model;
    private final Duration overall;
    private final long overallDeadline;
    private final WaitRegion waits = new WaitRegion();
    private final AtomicReference<LlmRouterException> end = new AtomicReference<>();
    private volatile CallContext current;
    private volatile ScheduledFuture<?> timer;
    private volatile Runnable onEnd;
    private volatile Set<RequestScope> active;
    // the thread blocked on this request (a synchronous chat, opening or reading a stream), or null
    private volatile Thread blocked;

    RequestScope(TimeSource time, String model, Duration overall) {
        this.time = time;
        this.model = model;
        this.overall = overall;
        this.overallDeadline = time.nanoTime() + overall.toNanos();
    }

    /** Starts the overall deadline timer and registers the request among the router's active ones. */
    void arm(ScheduledExecutorService deadlines, Set<RequestScope> active) {
        this.active = active;
        active.add(this);
        long left = remainingNanos();
        if (left <= 0) {
            expire();
            return;
        }
        try {
            timer = deadlines.schedule(this::expire, left, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            cancel(new RequestCancelledException("the router is closed", closed));
        }
    }

    /** Stops the timer and unregisters the request; it is over. */
    void disarm() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
        Set<RequestScope> a = active;
        if (a != null) {
            a.remove(this);
        }
    }

    private void expire() {
        cancel(new OverallTimeoutException("overall timeout of " + overall + " passed for model '" + model + "'",
                overall, null));
    }

    /** Ends the request with {@code reason}, unless it already ended; returns true when this call ended it. */
    boolean cancel(LlmRouterException reason) {
        if (!end.compareAndSet(null, reason)) {
            return false;
        }
        CallContext c = current;
        if (c != null) {
            c.cancel(reason);
        }
        waits.wake();
        Runnable hook = onEnd;
        if (hook != null) {
            hook.run();
        }
        return true;
    }

    /**
     * Marks {@code thread} as blocked on this request until {@link #unblocked}: an interrupt of that
     * thread then ends the request (see {@link #checkInterrupt}). Socket reads of platform threads
     * do not notice interrupts by themselves.
     */
    void blockedOn(Thread thread) {
        blocked = thread;
    }

    /** The thread no longer waits on this request. */
    void unblocked() {
        blocked = null;
    }

    /**
     * Ends the request with {@link RequestCancelledException} when the thread blocked on it was
     * interrupted; called by the router's watcher every few milliseconds. The thread keeps its
     * interrupt flag ({@link Thread#isInterrupted()} does not clear it).
     */
    void checkInterrupt() {
        Thread t = blocked;
        if (t != null && t.isInterrupted() && end.get() == null) {
            cancel(new RequestCancelledException("the calling thread was interrupted", null));
        }
    }

    /** Runs {@code hook} (quick, non-blocking) when the request ends by timeout or cancellation. */
    void onEnd(Runnable hook) {
        onEnd = hook;
        if (end.get() != null) {
            hook.run();
        }
    }

    /** Makes {@code context} the call in flight, cancelling it at once when the request already ended. */
    void bind(CallContext context) {
        current = context;
        LlmRouterException e = end.get();
        if (e != null) {
            context.cancel(e);
        }
    }

    /** Clears the call in flight. */
    void unbind(CallContext context) {
        if (current == context) {
            current = null;
        }
    }

    /** Why the request ended, or null while it runs. */
    LlmRouterException ended() {
        return end.get();
    }

    /**
     * Why the request ended, or null while it runs; a request whose overall deadline the clock has
     * passed ends now with its overall timeout. Inner limits clipped to the overall deadline fire on
     * their own timers at about the same moment as the overall one, so whichever fires first must
     * still be reported as the overall timeout.
     */
    LlmRouterException endedByNow() {
        if (end.get() == null && time.nanoTime() - overallDeadline >= 0) {
            expire();
        }
        return end.get();
    }

    /** Throws the reason the request ended; ends it with an overall timeout when the clock passed the deadline. */
    void checkAlive() {
        LlmRouterException e = endedByNow();
        if (e != null) {
            throw e;
        }
    }

    /** Ends the request with its overall timeout now (a wait ran up to the deadline) and throws why it ended. */
    void expireNow() {
        expire();
        checkAlive();
    }

    long now() {
        return time.nanoTime();
    }

    /** The wall-clock time now, on the router's clock. */
    Instant wallNow() {
        return time.now();
    }

    long overallDeadline() {
        return overallDeadline;
    }

    Duration overall() {
        return overall;
    }

    long remainingNanos() {
        return overallDeadline - time.nanoTime();
    }

    /** Sleeps {@code nanos} unless the request ends first; then throws why it ended. */
    void sleep(long nanos) {
        try {
            waits.sleep(time, nanos);
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
        checkAlive();
    }

    /** Asks for an admission, waiting up to {@code maxWaitNanos} for a concurrency slot unless the request ends. */
    Admission admit(AdmissionControl admission, AdmissionRequest request, long maxWaitNanos) {
        if (maxWaitNanos <= 0) {
            try {
                return admission.admit(request, 0);
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }
        Optional<Admission> a;
        try {
            a = waits.run(() -> admission.admit(request, maxWaitNanos));
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
        if (a.isEmpty()) {
            checkAlive();
            throw new IllegalStateException("admission wait ended without a result");
        }
        return a.get();
    }

    private RequestCancelledException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        RequestCancelledException c = new RequestCancelledException("the calling thread was interrupted", e);
        cancel(c);
        return c;
    }
}
