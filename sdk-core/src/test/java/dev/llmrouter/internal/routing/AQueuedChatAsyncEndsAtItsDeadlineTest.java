package dev.llmrouter.internal.routing;

import static dev.llmrouter.internal.routing.TestConfig.dep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.OverallTimeoutException;
import dev.llmrouter.api.RequestCancelledException;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.internal.Workers;
import dev.llmrouter.spi.provider.CallContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, defect 10: a {@code chatAsync} call queued behind a saturated executor (the default one
 * has 64 threads on Java 17; a caller's may have fewer) did not end at its overall deadline: it
 * waited for a worker, then failed. Closing the router dropped the default executor's queue, so a
 * queued call's future never completed at all. A queued call now completes when its request ends
 * (deadline, cancelled future, closed router), with the typed reason, and never runs afterwards.
 *
 * <p>Each call here blocks in the adapter until released, so the executor stays saturated for the
 * whole test: without the fix the queued future cannot complete before the test releases it.
 */
@Tag("unit")
class AQueuedChatAsyncEndsAtItsDeadlineTest {
    private final BlockingAdapter adapter = new BlockingAdapter("a");
    private ExecutorService oneWorker;

    @BeforeEach
    void start() {
        oneWorker = Executors.newFixedThreadPool(1);
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            adapter.releaseOk();
        }
        oneWorker.shutdown();
        assertThat(oneWorker.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private LlmRouter router(ExecutorService executor) {
        LlmRouter.Builder b = LlmRouter.builder()
                .config(TestConfig.create().custom("a").group("g", dep("a", "m")).build()).adapter("a", adapter);
        return executor == null ? b.build() : b.executor(executor).build();
    }

    private static ChatRequest request(Duration overall) {
        return ChatRequest.builder().model("g").user("hi")
                .options(RequestOptions.builder().overallTimeout(overall).build()).build();
    }

    @Test
    void aQueuedCallEndsWithItsOverallTimeoutWhileEveryWorkerIsBusy() throws Exception {
        try (LlmRouter r = router(oneWorker)) {
            CompletableFuture<ChatResponse> running = r.chatAsync(request(Duration.ofMinutes(5)));
            assertThat(adapter.awaitCalls(1)).isTrue();

            CompletableFuture<ChatResponse> queued = r.chatAsync(request(Duration.ofMillis(100)));

            assertThat(queued).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(OverallTimeoutException.class);
            OverallTimeoutException e = (OverallTimeoutException) catchCause(queued);
            assertThat(e.route().group()).isEqualTo("g");
            assertThat(e.route().attempts()).as("it never ran").isEmpty();
            assertThat(running).isNotDone();

            adapter.releaseOk();
            assertThat(running.get(10, TimeUnit.SECONDS).text()).isEqualTo("from a");
            oneWorker.shutdown();
            assertThat(oneWorker.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(adapter.calls()).as("the expired call never reached the adapter").isEqualTo(1);
        }
    }

    @Test
    void aQueuedCallWhoseFutureIsCancelledNeverRuns() throws Exception {
        try (LlmRouter r = router(oneWorker)) {
            CompletableFuture<ChatResponse> running = r.chatAsync(request(Duration.ofMinutes(5)));
            assertThat(adapter.awaitCalls(1)).isTrue();
            CompletableFuture<ChatResponse> queued = r.chatAsync(request(Duration.ofMinutes(5)));

            assertThat(queued.cancel(true)).isTrue();

            adapter.releaseOk();
            assertThat(running.get(10, TimeUnit.SECONDS).text()).isEqualTo("from a");
            oneWorker.shutdown();
            assertThat(oneWorker.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(queued).isCancelled();
            assertThat(adapter.calls()).isEqualTo(1);
        }
    }

    @Test
    void closingTheRouterEndsTheCallsQueuedOnItsDefaultExecutor() throws Exception {
        // calls that ignore their cancellation keep every worker of the default executor busy through close()
        StubbornAdapter stubborn = new StubbornAdapter();
        CompletableFuture<ChatResponse> queued;
        try {
            try (LlmRouter r = LlmRouter.builder().config(TestConfig.create().custom("a").group("g", dep("a", "m")).build())
                    .adapter("a", stubborn).build()) {
                // the default executor of Java 17-20 is saturated by 64 calls; from Java 21 nothing queues
                int workers = Runtime.version().feature() >= 21 ? 1 : Workers.MAX_PLATFORM_THREADS;
                for (int i = 0; i < workers; i++) {
                    r.chatAsync(request(Duration.ofMinutes(5)));
                }
                assertThat(stubborn.entered.tryAcquire(workers, 10, TimeUnit.SECONDS)).isTrue();
                queued = r.chatAsync(request(Duration.ofMinutes(5)));
            }

            assertThat(queued).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(RequestCancelledException.class);
        } finally {
            stubborn.release.countDown();
        }
    }

    /** Blocks every call until released, deaf to cancellation and interrupts. */
    private static final class StubbornAdapter extends BlockingAdapter {
        final Semaphore entered = new Semaphore(0);
        final CountDownLatch release = new CountDownLatch(1);

        StubbornAdapter() {
            super("a");
        }

        @Override
        public ChatResponse chat(ChatRequest request, CallContext context) {
            entered.release();
            boolean interrupted = false;
            while (true) {
                try {
                    release.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return super.chat(request, context);
        }
    }

    private static Throwable catchCause(CompletableFuture<?> f) {
        try {
            f.join();
            throw new AssertionError("the future answered");
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause();
        }
    }
}
