package dev.llmrouter.spring;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The threads of the router bean (async calls, callback streams, background probes): virtual
 * threads when {@code spring.threads.virtual.enabled=true} on Java 21+, else a cached pool of daemon
 * threads; every task is wrapped by the {@link LlmRouterTaskDecorator} beans. Owned by the
 * application context, which shuts it down after the router. Deliberately not an
 * {@link java.util.concurrent.Executor} bean: one would turn off Spring Boot's own task executor.
 * Thread-safe.
 */
public final class LlmRouterExecutor implements AutoCloseable {
    private final ExecutorService delegate;
    private final ExecutorService decorated;

    /** Runs tasks on {@code delegate}, each wrapped by {@code decorators} (the first outermost). */
    public LlmRouterExecutor(ExecutorService delegate, List<LlmRouterTaskDecorator> decorators) {
        this.delegate = delegate;
        List<LlmRouterTaskDecorator> chain = List.copyOf(decorators);
        this.decorated = chain.isEmpty() ? delegate : new Decorating(delegate, chain);
    }

    /** The executor to hand to the router. */
    public ExecutorService executorService() {
        return decorated;
    }

    /** Stops the threads, interrupting tasks still running. */
    @Override
    public void close() {
        delegate.shutdownNow();
    }

    /** Decorates at {@code execute}, through which every {@code submit} of AbstractExecutorService goes. */
    private static final class Decorating extends AbstractExecutorService {
        private final ExecutorService delegate;
        private final List<LlmRouterTaskDecorator> decorators;

        Decorating(ExecutorService delegate, List<LlmRouterTaskDecorator> decorators) {
            this.delegate = delegate;
            this.decorators = decorators;
        }

        @Override
        public void execute(Runnable task) {
            Runnable r = task;
            for (int i = decorators.size() - 1; i >= 0; i--) {
                r = decorators.get(i).decorate(r);
            }
            delegate.execute(r);
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return delegate.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }
    }
}
