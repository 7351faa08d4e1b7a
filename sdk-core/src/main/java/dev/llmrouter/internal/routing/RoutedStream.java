package dev.llmrouter.internal.routing;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.FailureKind;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.RequestCancelledException;
import dev.llmrouter.api.StreamAccumulator;
import dev.llmrouter.api.StreamIdleTimeoutException;
import dev.llmrouter.api.StreamInterruptedException;
import dev.llmrouter.api.StreamTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The caller's side of a routed stream whose first chunk has arrived. Hands out the chunks, joins
 * them for {@link #response()}, and settles the attempt exactly once: when the stream ends
 * (success, with the real usage), when it fails (a failure now reaches the caller as a
 * {@link StreamInterruptedException}, or a stream timeout, carrying the text delivered so far), when
 * the caller closes it early (cancelled: frees the connection and the slot, no circuit count; the
 * tokens stay charged, as the provider was generating),
 * or when the request's overall deadline ends it unread.
 *
 * <p>One thread iterates; {@link #close()} may be called from any thread.
 */
final class RoutedStream implements ChatStream {

    /** Told once when the stream is over: the response, or the failure the caller saw. */
    interface Finisher {
        void finished(RequestState st, ChatResponse response, LlmRouterException failure);
    }

    private final RequestState st;
    private final Attempt attempt;
    private final Attempt.Opened opened;
    private final Finisher finisher;
    private final StreamAccumulator acc = new StreamAccumulator();
    private final Deque<ChatChunk> head;
    private final AtomicBoolean settled = new AtomicBoolean();
    private boolean iterated;
    /** Characters of text handed to the caller; written by the reading thread, read when settling from any. */
    private volatile long deliveredChars;
    private ChatChunk pending;
    private boolean done;
    private LlmRouterException failure;
    private ChatResponse response;

    RoutedStream(RequestState st, Attempt attempt, Attempt.Opened opened, Finisher finisher) {
        this.st = st;
        this.attempt = attempt;
        this.opened = opened;
        this.finisher = finisher;
        this.head = new ArrayDeque<>(opened.head());
        st.scope.onEnd(this::abandon);
    }

    @Override
    public Iterator<ChatChunk> iterator() {
        if (iterated) {
            throw new IllegalStateException("a ChatStream can be iterated only once");
        }
        iterated = true;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return advance();
            }

            @Override
            public ChatChunk next() {
                if (!advance()) {
                    throw new NoSuchElementException("the stream has ended");
                }
                return take();
            }
        };
    }

    @Override
    public ChatResponse response() {
        while (advance()) {
            take();
        }
        return response;
    }

    @Override
    public void close() {
        if (settled.get()) {
            return;
        }
        RequestCancelledException reason = new RequestCancelledException("the stream was closed by the caller", null);
        st.scope.cancel(reason);
        // the scope's end hook (abandon) settles it; this covers a scope that had already ended otherwise
        abandon();
    }

    private ChatChunk take() {
        ChatChunk c = pending;
        pending = null;
        acc.add(c);
        deliveredChars += c.text().length();
        return c;
    }

    private boolean advance() {
        if (pending != null) {
            return true;
        }
        if (failure != null) {
            throw failure;
        }
        if (done) {
            return false;
        }
        ChatChunk c = pull();
        if (c == null) {
            done = true;
            complete();
            return false;
        }
        pending = c;
        return true;
    }

    private ChatChunk pull() {
        if (!head.isEmpty()) {
            return head.poll();
        }
        if (opened.ended()) {
            return null;
        }
        LlmRouterException ended = st.scope.ended();
        if (ended != null) {
            throw fail(ended);
        }
        st.scope.blockedOn(Thread.currentThread());
        try {
            return opened.stream().next();
        } catch (LlmRouterException e) {
            throw fail(e);
        } catch (RuntimeException e) {
            throw fail(new StreamInterruptedException("stream failed unexpectedly: " + e, acc.text(), e));
        } catch (Error e) {
            // settled as a failed stream on the way out, so its slot is not lost, and rethrown
            fail(new StreamInterruptedException("stream failed with " + e.getClass().getName(), acc.text(), e));
            throw e;
        } finally {
            st.scope.unblocked();
        }
    }

    private void complete() {
        if (settled.compareAndSet(false, true)) {
            // the joined text is made once, here, and shared by the settlement and the response
            ChatResponse whole = acc.toResponse();
            attempt.streamCompleted(st, opened, acc.usage(), whole.text());
            response = whole.toBuilder().route(st.route(false)).build();
            finisher.finished(st, response, null);
        } else {
            // closed or timed out at the very end: report like any other end of the request
            throw fail(st.scope.ended() != null ? st.scope.ended()
                    : new RequestCancelledException("the stream was closed by the caller", null));
        }
    }

    private LlmRouterException fail(LlmRouterException e) {
        LlmRouterException ended = st.scope.endedByNow();
        LlmRouterException seen = ended != null ? ended : asSeenByCaller(e);
        if (settled.compareAndSet(false, true)) {
            attempt.streamFailed(st, opened, seen, deliveredChars);
            finisher.finished(st, null, st.fail(seen));
        }
        failure = st.fail(seen);
        return failure;
    }

    private LlmRouterException asSeenByCaller(LlmRouterException e) {
        String partial = acc.text();
        String where = opened.deployment().id() + " after " + acc.chunkCount() + " chunk(s): ";
        if (e instanceof StreamIdleTimeoutException t) {
            return new StreamIdleTimeoutException("stream idle timeout on " + where + t.getMessage(), t.limit(), partial, e);
        }
        if (e instanceof StreamTimeoutException t) {
            return new StreamTimeoutException("stream timeout on " + where + t.getMessage(), t.limit(), partial, e);
        }
        if (e.failureKind() == FailureKind.CANCELLED || e instanceof StreamInterruptedException) {
            return e;
        }
        return new StreamInterruptedException("stream from " + where + e.getMessage(), partial, e);
    }

    /** Settles a stream the request's end (overall timeout, close) caught before it finished. Quick. */
    private void abandon() {
        LlmRouterException ended = st.scope.ended();
        if (ended != null && settled.compareAndSet(false, true)) {
            attempt.streamFailed(st, opened, ended, deliveredChars);
            finisher.finished(st, null, st.fail(ended));
        }
    }
}
