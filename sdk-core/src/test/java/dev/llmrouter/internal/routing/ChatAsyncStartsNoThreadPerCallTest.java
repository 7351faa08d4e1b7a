package dev.llmrouter.internal.routing;

import static dev.llmrouter.internal.routing.TestConfig.dep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.internal.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, defect 9: 1,000 {@code chatAsync} calls started 1,000 worker threads (a cached pool).
 * The default executor is bounded (virtual threads on Java 21+); the calls beyond it queue and
 * still all complete.
 */
@Tag("unit")
class ChatAsyncStartsNoThreadPerCallTest {

    private static long platformWorkers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("llmrouter-worker-")).count();
    }

    @Test
    void aThousandOutstandingCallsUseABoundedNumberOfPlatformThreads() throws Exception {
        BlockingAdapter a = new BlockingAdapter("a");
        TestConfig c = TestConfig.create().custom("a").group("g", dep("a", "m"));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).adapter("a", a).build()) {
            List<CompletableFuture<ChatResponse>> futures = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                futures.add(r.chatAsync(ChatRequest.builder().model("g").user("q" + i).build()));
            }
            assertThat(a.awaitCalls(Math.min(1000, Workers.MAX_PLATFORM_THREADS))).isTrue();

            assertThat(platformWorkers()).isLessThanOrEqualTo(Workers.MAX_PLATFORM_THREADS);
            for (int i = 0; i < 1000; i++) {
                a.releaseOk();
            }
            for (CompletableFuture<ChatResponse> f : futures) {
                assertThat(f.get(30, TimeUnit.SECONDS).text()).isNotNull();
            }
            assertThat(a.calls()).isEqualTo(1000);
        }
    }

    @Test
    void theDefaultExecutorIsVirtualThreadsFromJava21() throws Exception {
        var executor = Workers.create();
        try {
            boolean virtual = executor.submit(() -> Thread.currentThread().toString().startsWith("VirtualThread"))
                    .get(10, TimeUnit.SECONDS);
            assertThat(virtual).isEqualTo(Runtime.version().feature() >= 21);
        } finally {
            executor.shutdownNow();
        }
    }
}
