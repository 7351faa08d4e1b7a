package dev.llmrouter.internal.routing;

import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.RequestCancelledException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The {@code chatAsync} calls of one router. Each runs on the router's executor, which may queue it
 * (on Java 17 the default executor has at most 64 threads; a caller's executor may have fewer). A
 * call whose request ends while it is still queued (its overall deadline passes, its future is
 * cancelled, the router closes) completes at that moment with the typed reason
 * ({@link dev.llmrouter.api.OverallTimeoutException}, {@link RequestCancelledException}) and never
 * runs: it used to wait for a worker and end long after its deadline, or never when the router
 * closed and dropped its queue.
 *
 * <p>Such a future is completed on a thread of its own ({@code llmrouter-async-ends}, one, started
 * when first needed and ending after 30 s idle), not on the router's deadline thread: whatever the
 * caller chained on the future runs there and must not hold up the deadlines of other calls.
 *
 * <p>Thread-safe.
 */
final class AsyncChats implements AutoCloseable {
    private final ExecutorService executor;
    private final ThreadPoolExecutor endings;

    AsyncChats(ExecutorService executor) {
        this.executor = executor;
        this.endings = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "llmrouter-async-ends");
            t.setDaemon(true);
            return t;
        });
        endings.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code chat} for {@code st} on the executor; a request that ends before a worker takes
     * it is failed with {@code failed} (which records its route and reports it) instead.
     */
    CompletableFuture<ChatResponse> start(RequestState st, Function<RequestState, ChatResponse> chat,
                                          BiFunction<RequestState, LlmRouterException, LlmRouterException> failed) {
        CancellableFuture future = new CancellableFuture(st.scope);
        // whoever takes the request first: a worker (it runs the call) or the request's end (it fails the future)
        AtomicBoolean taken = new AtomicBoolean();
        st.scope.onEnd(() -> {
            if (taken.compareAndSet(false, true)) {
                end(() -> future.completeExceptionally(failed.apply(st, st.scope.ended())));
            }
        });
        try {
            executor.execute(() -> {
                if (!taken.compareAndSet(false, true)) {
                    return;
                }
                try {
                    future.complete(chat.apply(st));
                } catch (Throwable e) {
                    // an Error too: the future must end, or its caller waits forever
                    future.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            if (taken.compareAndSet(false, true)) {
                st.scope.disarm();
                future.completeExceptionally(st.fail(new RequestCancelledException("the router is closed", e)));
            }
        }
        return future;
    }

    /** Runs {@code ending} on the endings thread, or here once that is shut down. */
    private void end(Runnable ending) {
        try {
            endings.execute(ending);
        } catch (RejectedExecutionException closed) {
            ending.run();
        }
    }

    /** Lets the endings already handed over run, then lets the thread end. */
    @Override
    public void close() {
        endings.shutdown();
    }

    /** A future whose cancellation ends the request. */
    private static final class CancellableFuture extends CompletableFuture<ChatResponse> {
        private final RequestScope scope;

        CancellableFuture(RequestScope scope) {
            this.scope = scope;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            // the future first: ending the scope wakes the worker, which would otherwise complete the
            // future with the cancellation exception before it could be marked cancelled
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            scope.cancel(new RequestCancelledException("the request's future was cancelled", null));
            return cancelled;
        }
    }
}
