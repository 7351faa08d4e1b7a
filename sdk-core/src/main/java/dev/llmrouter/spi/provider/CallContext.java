package dev.llmrouter.spi.provider;

import dev.llmrouter.api.LlmRouterException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The limits and cancellation signal of one call to a provider. The router makes one per attempt
 * with deadlines already clipped by the outer layers; an adapter enforces them and, when
 * {@link #cancel} is called (by a deadline timer or by the caller), aborts its HTTP call at once and
 * throws the exception given as the reason.
 *
 * <p>Limits: {@link #timeout()} covers a whole non-streaming call, or a stream until its first
 * chunk, counted from when the context was made ({@link #remainingNanos()}); {@link #streamTimeout()} covers a stream from its first chunk to its end;
 * {@link #idleTimeout()} is the longest gap allowed between two chunks.
 *
 * <p>Thread-safe: {@link #cancel} may be called from any thread, any number of times; the first
 * reason wins and the hooks run once.
 */
public final class CallContext {
    private final Duration timeout;
    private final Duration streamTimeout;
    private final Duration idleTimeout;
    /** When the router made the context (the attempt's start), on the clock of the timers that enforce it. */
    private final long startNanos = System.nanoTime();
    private final List<Runnable> hooks = new ArrayList<>(2);
    private volatile LlmRouterException cancellation;

    private CallContext(Duration timeout, Duration streamTimeout, Duration idleTimeout) {
        this.timeout = positive(Objects.requireNonNull(timeout, "timeout"), "timeout");
        this.streamTimeout = streamTimeout == null ? null : positive(streamTimeout, "streamTimeout");
        this.idleTimeout = idleTimeout == null ? null : positive(idleTimeout, "idleTimeout");
    }

    private static Duration positive(Duration d, String what) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }

    /** A context for a non-streaming call (or a stream's first chunk) limited to {@code timeout}. */
    public static CallContext of(Duration timeout) {
        return new CallContext(timeout, null, null);
    }

    /** A context for a stream: first chunk within {@code firstChunk}, then the whole stream and each gap limited. */
    public static CallContext forStream(Duration firstChunk, Duration streamTimeout, Duration idleTimeout) {
        return new CallContext(firstChunk, streamTimeout, idleTimeout);
    }

    /** The limit for a whole call, or for a stream until its first chunk. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * What is left of {@link #timeout()} now, in nanoseconds (0 when it has passed). The limit runs
     * from when the router made this context, at the start of the attempt, not from when the adapter
     * sends its request: time spent before sending (building the request, a thread waiting for a CPU
     * on a saturated machine) is not added to the attempt. Adapters arm their deadline with this.
     * Measured with {@link System#nanoTime()}, the clock of the timer threads that enforce it.
     */
    public long remainingNanos() {
        long left = timeout.toNanos() - (System.nanoTime() - startNanos);
        return Math.max(0, left);
    }

    /** The limit from a stream's first chunk to its end, if any. */
    public Optional<Duration> streamTimeout() {
        return Optional.ofNullable(streamTimeout);
    }

    /** The longest gap between two chunks, if limited. */
    public Optional<Duration> idleTimeout() {
        return Optional.ofNullable(idleTimeout);
    }

    /**
     * Cancels the call with {@code reason}, which the adapter throws. Only the first reason counts;
     * later calls return false and do nothing.
     */
    public boolean cancel(LlmRouterException reason) {
        Objects.requireNonNull(reason, "reason");
        List<Runnable> toRun;
        // a monitor, not a lock object, as one fewer allocation per attempt; nothing blocks inside it
        synchronized (hooks) {
            if (cancellation != null) {
                return false;
            }
            cancellation = reason;
            toRun = new ArrayList<>(hooks);
            hooks.clear();
        }
        toRun.forEach(CallContext::runQuietly);
        return true;
    }

    /** Why the call was cancelled, once it was. */
    public Optional<LlmRouterException> cancellation() {
        return Optional.ofNullable(cancellation);
    }

    /** True once {@link #cancel} was called. */
    public boolean isCancelled() {
        return cancellation != null;
    }

    /**
     * Registers an action to run on cancellation (an adapter registers {@code call::cancel}). Runs it
     * at once, on this thread, when the context is already cancelled.
     */
    public void onCancel(Runnable hook) {
        Objects.requireNonNull(hook, "hook");
        synchronized (hooks) {
            if (cancellation == null) {
                hooks.add(hook);
                return;
            }
        }
        runQuietly(hook);
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // a failing cancel hook must not stop the others or the canceller
        }
    }
}
