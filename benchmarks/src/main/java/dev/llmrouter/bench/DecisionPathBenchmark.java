package dev.llmrouter.bench;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import java.util.ArrayList;
import java.util.List;
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
 * The decision path as the group grows (issue 10, "many deployments": goal p50 <= 5 µs and
 * p99 <= 25 µs, flat from 1 to 10,000 deployments, allocation independent of the group's size):
 * one routed {@code LlmRouter.chat} through the public API over providers that answer in memory
 * ({@link InMemoryAdapter}), so everything measured is the router's own work around the call: model
 * resolution, the deadline timer, the selection (the strategy's choice, the pre-call checks of the
 * chosen deployment), the one admit (circuit permit, rpm/tpm on the deployment and the group,
 * concurrency lease), the attempt's bookkeeping and the one settle. That bounds the decision alone
 * from above; no split package or internal type is used. One shared router per trial, so with two
 * threads both contend on the same group, as two request threads of one application do. Run with
 * {@code -prof gc} for allocation per call.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class DecisionPathBenchmark {
    /** Deployments in the model group, each on its own in-memory provider. */
    @Param({"1", "10", "1000", "10000"})
    public int deployments;

    /** The routing strategy. */
    @Param({"simple-shuffle"})
    public String strategy;

    /**
     * {@code failedOnce}: every deployment has one counted failure in its circuit window (the
     * circuit stays closed: below {@code allowed_fails} 5), as after an error in the last minute;
     * {@code none}: never failed.
     */
    @Param({"failedOnce", "none"})
    public String circuits;

    private LlmRouter router;
    private ChatRequest request;

    /** Builds the router and, for {@code failedOnce}, makes every deployment fail once. */
    @Setup(Level.Trial)
    public void setUp() {
        request = ChatRequest.builder().model(BenchConfigs.GROUP).user(LoadRun.PROMPT).maxTokens(LoadRun.MAX_TOKENS)
                .build();
        List<InMemoryAdapter> adapters = new ArrayList<>();
        router = inMemoryRouter(deployments, strategy, "failedOnce".equals(circuits), adapters);
        failEachOnce(router, request, adapters);
    }

    /**
     * A router over {@link BenchConfigs#inMemory} with one {@link InMemoryAdapter} per provider, each
     * failing its first call when {@code failFirst}; the adapters are added to {@code adapters}.
     */
    static LlmRouter inMemoryRouter(int deployments, String strategy, boolean failFirst, List<InMemoryAdapter> adapters) {
        var config = BenchConfigs.inMemory(deployments, strategy);
        LlmRouter.Builder b = LlmRouter.builder().config(config);
        for (String p : config.providers().keySet()) {
            InMemoryAdapter a = new InMemoryAdapter(p, failFirst);
            adapters.add(a);
            b.adapter(p, a);
        }
        return b.build();
    }

    /** Routes requests until every adapter has failed its one call (each fails over to another deployment). */
    static void failEachOnce(LlmRouter router, ChatRequest request, List<InMemoryAdapter> adapters) {
        int next = 0; // adapters before it have all failed once
        for (long calls = 0; ; calls++) {
            while (next < adapters.size() && adapters.get(next).failedOnce()) {
                next++;
            }
            if (next == adapters.size()) {
                return;
            }
            if (calls > 100L * adapters.size() + 1_000) {
                throw new IllegalStateException("deployment " + next + " never chosen in " + calls + " calls");
            }
            try {
                router.chat(request);
            } catch (RuntimeException e) {
                // a group of one has no deployment to fail over to: its failure is the set-up's aim
            }
        }
    }

    /** Closes the router. */
    @TearDown(Level.Trial)
    public void tearDown() {
        router.close();
    }

    /** One routed call on one thread. */
    @Benchmark
    @Threads(1)
    public ChatResponse oneThread() {
        return router.chat(request);
    }

    /** One routed call, two threads at once on the same group. */
    @Benchmark
    @Threads(2)
    public ChatResponse twoThreads() {
        return router.chat(request);
    }
}
