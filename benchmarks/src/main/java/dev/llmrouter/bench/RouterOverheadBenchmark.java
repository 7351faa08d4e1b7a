package dev.llmrouter.bench;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Everything {@link LlmRouter#chat} does around the provider call, through the public API: model
 * resolution, the overall deadline timer, the decision path of {@link DecisionPathBenchmark}, the
 * attempt (call context, events, latency statistics, attempt record) and the routed response,
 * with an {@link InMemoryAdapter} that answers at once. The difference between this and the
 * decision path is the per-request bookkeeping; the difference between llmrouter and raw OkHttp in
 * the load comparison should be about this plus the adapter's JSON mapping.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class RouterOverheadBenchmark {
    /** Deployments in the model group. */
    @Param({"1", "10", "1000"})
    public int deployments;

    private LlmRouter router;
    private ChatRequest request;

    /** Builds a router whose providers answer in memory. */
    @Setup(Level.Trial)
    public void setUp() {
        router = DecisionPathBenchmark.inMemoryRouter(deployments, "simple-shuffle", false, new ArrayList<>());
        request = ChatRequest.builder().model(BenchConfigs.GROUP).user(LoadRun.PROMPT).maxTokens(LoadRun.MAX_TOKENS)
                .build();
    }

    /** Closes the router. */
    @TearDown(Level.Trial)
    public void tearDown() {
        router.close();
    }

    /** One routed chat on one thread. */
    @Benchmark
    @Threads(1)
    public ChatResponse oneThread() {
        return router.chat(request);
    }

    /** One routed chat, two threads at once. */
    @Benchmark
    @Threads(2)
    public ChatResponse twoThreads() {
        return router.chat(request);
    }
}
