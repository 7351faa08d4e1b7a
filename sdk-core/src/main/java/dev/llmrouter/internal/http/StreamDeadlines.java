package dev.llmrouter.internal.http;

import dev.llmrouter.api.AttemptTimeoutException;
import dev.llmrouter.api.StreamIdleTimeoutException;
import dev.llmrouter.api.StreamTimeoutException;
import dev.llmrouter.spi.provider.CallContext;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The three deadlines of one stream, enforced by cancelling its {@link CallContext} from the shared
 * timer: until the first chunk that carries something visible, {@link CallContext#timeout()}
 * ({@link AttemptTimeoutException}); from that chunk on, {@link CallContext#streamTimeout()} for the
 * whole stream ({@link StreamTimeoutException}) and {@link CallContext#idleTimeout()} between
 * records ({@link StreamIdleTimeoutException}). Records that carry nothing (a keep-alive, the
 * OpenAI role-only chunk, Anthropic's {@code message_start}) do not end the first-chunk deadline:
 * the router can still fail over then, because the caller has seen nothing.
 *
 * <p>The idle deadline costs one volatile write per record: the timer task remembers nothing but
 * the last record time and, when it fires early (a record came meanwhile), reschedules itself for
 * the remaining gap, so there is never more than one idle task per stream. Times come from
 * {@link System#nanoTime()} because the timer itself runs on real time.
 *
 * <p>Thread-safe: {@link #recordArrived()} and {@link #firstChunkProduced()} are called by the
 * reading thread, the tasks run on the timer thread and {@link #close()} may come from any thread.
 */
final class StreamDeadlines {
    private final ScheduledExecutorService timer;
    private final CallContext context;
    private final long idleNanos;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile long lastRecordNanos;
    private volatile ScheduledFuture<?> firstChunk;
    private volatile ScheduledFuture<?> total;
    private volatile ScheduledFuture<?> idle;

    StreamDeadlines(ScheduledExecutorService timer, CallContext context) {
        this.timer = timer;
        this.context = context;
        this.idleNanos = context.idleTimeout().map(Duration::toNanos).orElse(0L);
    }

    /**
     * Arms the first-chunk deadline, counted from the context's making (the attempt's start); call
     * before sending the request.
     */
    void start() {
        Duration limit = context.timeout();
        firstChunk = schedule(() -> context.cancel(new AttemptTimeoutException(
                "no first chunk with content within " + limit, limit, null)), context.remainingNanos());
    }

    /** Notes a record (an SSE event, an NDJSON line): restarts the idle gap. One volatile write. */
    void recordArrived() {
        lastRecordNanos = System.nanoTime();
    }

    /**
     * Notes that the stream produced its first visible chunk: swaps the first-chunk deadline for the
     * stream and idle ones. Later calls do nothing.
     */
    void firstChunkProduced() {
        if (started || closed) {
            return;
        }
        started = true;
        lastRecordNanos = System.nanoTime();
        cancel(firstChunk);
        context.streamTimeout().ifPresent(limit -> total = schedule(() -> context.cancel(new StreamTimeoutException(
                "the stream did not finish within " + limit, limit, "", null)), limit.toNanos()));
        if (idleNanos > 0) {
            idle = schedule(this::checkIdle, idleNanos);
        }
        if (closed) {
            // close() ran while we were scheduling: do not leave these behind
            cancel(total);
            cancel(idle);
        }
    }

    private void checkIdle() {
        if (closed) {
            return;
        }
        long quiet = System.nanoTime() - lastRecordNanos;
        if (quiet >= idleNanos) {
            Duration limit = Duration.ofNanos(idleNanos);
            context.cancel(new StreamIdleTimeoutException("no chunk for " + limit + " (stream idle timeout)", limit, "", null));
            return;
        }
        idle = schedule(this::checkIdle, idleNanos - quiet);
        if (closed) {
            cancel(idle);
        }
    }

    /** Cancels every pending deadline. Idempotent. */
    void close() {
        closed = true;
        cancel(firstChunk);
        cancel(total);
        cancel(idle);
    }

    private ScheduledFuture<?> schedule(Runnable task, long nanos) {
        try {
            return timer.schedule(task, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the router's deadline timer is shut down (router closed?)", e);
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
