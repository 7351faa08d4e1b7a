package dev.llmrouter.bench;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.internal.routing.DecisionPathFixture;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * The in-memory decision path of one request (issue 4, goal p50 <= 10 µs, p99 <= 50 µs): select a
 * deployment with the strategy after the pre-call checks, take the circuit permit, reserve rpm/tpm
 * on the deployment and the group, take the concurrency lease, then settle a success (circuit
 * record, tpm reconciliation, lease release). See {@link DecisionPathFixture}. One shared router
 * state per trial, so with two threads both contend on the same deployments and group, as two
 * request threads of one application do. Run with {@code -prof gc} for allocation per decision.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class DecisionPathBenchmark {
    /** Deployments in the model group. */
    @Param({"1", "10", "1000"})
    public int deployments;

    /** The routing strategy. */
    @Param({"simple-shuffle"})
    public String strategy;

    /**
     * {@code failedOnce}: every deployment has one counted failure in its circuit window (the
     * circuit stays closed), as after an error in the last minute; {@code none}: never failed.
     */
    @Param({"failedOnce", "none"})
    public String circuits;

    private DecisionPathFixture fixture;

    /** Wires the decision path for a fresh router state. */
    @Setup(Level.Trial)
    public void setUp() {
        var config = BenchConfigs.inMemory(deployments, strategy);
        Map<String, ProviderAdapter> adapters = new LinkedHashMap<>();
        config.providers().keySet().forEach(p -> adapters.put(p, new InMemoryAdapter(p)));
        ChatRequest request = ChatRequest.builder().model(BenchConfigs.GROUP).user(LoadRun.PROMPT)
                .maxTokens(LoadRun.MAX_TOKENS).build();
        fixture = new DecisionPathFixture(config, adapters, BenchConfigs.GROUP, request,
                "failedOnce".equals(circuits));
    }

    /** Stops the fixture's threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    /** One decision on one thread. */
    @Benchmark
    @Threads(1)
    public int oneThread() {
        return fixture.decide();
    }

    /** One decision, two threads deciding at once on the same group. */
    @Benchmark
    @Threads(2)
    public int twoThreads() {
        return fixture.decide();
    }
}
