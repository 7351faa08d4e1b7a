package dev.llmrouter.internal.routing;

import static dev.llmrouter.internal.routing.TestConfig.dep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.internal.state.LocalAdmissionControl;
import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.AdmissionControl;
import dev.llmrouter.spi.state.AdmissionRequest;
import dev.llmrouter.spi.state.AttemptResult;
import dev.llmrouter.spi.state.CircuitPolicy;
import dev.llmrouter.spi.state.CircuitView;
import dev.llmrouter.spi.state.Settlement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, "one state call before an attempt, one after": the request path reaches the state store
 * through one admit and one settle per attempt, whatever the group's size, and reads nothing else.
 */
@Tag("unit")
class StateCallCountTest {
    private final ManualTimeSource clock = new ManualTimeSource();
    private final Counting store = new Counting(new LocalAdmissionControl(clock));

    /** Counts every call of the state store's interface, delegating to a local one. */
    static final class Counting implements AdmissionControl {
        final AdmissionControl inner;
        final AtomicInteger admits = new AtomicInteger();
        final AtomicInteger settles = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();

        Counting(AdmissionControl inner) {
            this.inner = inner;
        }

        @Override
        public Admission admit(AdmissionRequest request, long maxWaitNanos) throws InterruptedException {
            admits.incrementAndGet();
            return inner.admit(request, maxWaitNanos);
        }

        @Override
        public Settlement settle(Admission admission, AttemptResult result, long actualTokens) {
            settles.incrementAndGet();
            return inner.settle(admission, result, actualTokens);
        }

        @Override
        public CircuitView circuit(String deploymentId, CircuitPolicy policy) {
            reads.incrementAndGet();
            return inner.circuit(deploymentId, policy);
        }

        @Override
        public int inFlight(String deploymentId) {
            reads.incrementAndGet();
            return inner.inFlight(deploymentId);
        }

        @Override
        public double headroom(String deploymentId, RateLimit limit) {
            reads.incrementAndGet();
            return inner.headroom(deploymentId, limit);
        }

        @Override
        public void close() {
            inner.close();
        }

        String counts() {
            return admits.get() + " admit, " + settles.get() + " settle, " + reads.get() + " read";
        }

        void reset() {
            admits.set(0);
            settles.set(0);
            reads.set(0);
        }
    }

    private LlmRouter router(TestConfig c) {
        return LlmRouter.builder().config(c.build()).timeSource(clock).admissionControl(store).build();
    }

    private static ChatRequest ask() {
        return ChatRequest.builder().model("g").user("hi").build();
    }

    @Test
    void aSuccessfulChatIsOneAdmitAndOneSettle() {
        try (LlmRouter r = router(TestConfig.create().mock("a").group("g", dep("a", "m")))) {
            assertThat(r.chat(ask()).text()).isNotEmpty();
            assertThat(store.counts()).isEqualTo("1 admit, 1 settle, 0 read");
        }
    }

    @Test
    void aSuccessIsOneAdmitAndOneSettleWhateverTheGroupSize() {
        TestConfig c = TestConfig.create().mock("a");
        List<DeploymentConfig> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(dep("a", "m" + i));
        }
        c.group("g", many.toArray(DeploymentConfig[]::new));
        for (String strategy : List.of("simple-shuffle", "ordered", "least-busy", "latency-based", "usage-based",
                "cost-based")) {
            c.strategy = strategy;
            try (LlmRouter r = router(c)) {
                for (int i = 0; i < 5; i++) {
                    store.reset();
                    r.chat(ask());
                    assertThat(store.counts()).as(strategy).isEqualTo("1 admit, 1 settle, 0 read");
                }
            }
        }
    }

    /**
     * The one-pass strategies score every deployment from the router's own figures (no state store
     * read, no {@code OptionalDouble} per deployment): latency-based measures each deployment once,
     * then keeps to the fastest. Mock latency advances the manual clock, so the figures are exact.
     */
    @Test
    void latencyBasedOverTheWholeGroupMeasuresEachOnceThenKeepsToTheFastest() {
        TestConfig c = TestConfig.create().mock("slow", "latency", java.time.Duration.ofMillis(40), "response", "slow")
                .mock("fast", "latency", java.time.Duration.ofMillis(5), "response", "fast")
                .mock("slower", "latency", java.time.Duration.ofMillis(90), "response", "slower")
                .group("g", dep("slow", "m"), dep("fast", "m"), dep("slower", "m"));
        c.strategy = "latency-based";
        try (LlmRouter r = router(c)) {
            List<String> first = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                first.add(r.chat(ask()).text());
            }
            assertThat(first).containsExactlyInAnyOrder("slow", "fast", "slower");
            for (int i = 0; i < 10; i++) {
                assertThat(r.chat(ask()).text()).isEqualTo("fast");
            }
            assertThat(store.counts()).isEqualTo("13 admit, 13 settle, 0 read");
        }
    }

    @Test
    void aFailoverIsTwoAdmitsAndTwoSettles() {
        TestConfig c = TestConfig.create().mock("a", "failure_rate", 1.0, "failure", 500).mock("b", "response", "from b")
                .group("g", dep("a", "m"), DeploymentConfig.builder("b", "m").order(2).build());
        c.strategy = "ordered";
        try (LlmRouter r = router(c)) {
            ChatResponse answer = r.chat(ask());
            assertThat(answer.text()).isEqualTo("from b");
            assertThat(answer.route().attempts()).hasSize(2);
            assertThat(store.counts()).isEqualTo("2 admit, 2 settle, 0 read");
        }
    }

    @Test
    void anOpenCircuitThisRouterSawIsSkippedWithoutAStoreCall() {
        TestConfig c = TestConfig.create().mock("a", "failure_rate", 1.0, "failure", 429).mock("b", "response", "from b")
                .group("g", dep("a", "m"), DeploymentConfig.builder("b", "m").order(2).build());
        c.strategy = "ordered";
        try (LlmRouter r = router(c)) {
            assertThat(r.chat(ask()).text()).isEqualTo("from b"); // a 429 opens a's circuit at once
            store.reset();
            ChatResponse next = r.chat(ask());
            assertThat(next.route().attempts()).singleElement().satisfies(at -> assertThat(at.provider()).isEqualTo("b"));
            assertThat(store.counts()).isEqualTo("1 admit, 1 settle, 0 read");
        }
    }
}
