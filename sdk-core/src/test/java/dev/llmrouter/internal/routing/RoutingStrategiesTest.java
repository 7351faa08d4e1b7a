package dev.llmrouter.internal.routing;

import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.spi.routing.RoutingContext;
import dev.llmrouter.spi.routing.RoutingStrategy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ConfigException;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RoutingStrategiesTest {
    private static final ProviderConfig P = ProviderConfig.builder("p", ProviderType.MOCK).build();

    private static Deployment d(int index, int weight, int order, Double inCost, Double outCost) {
        DeploymentConfig c = DeploymentConfig.builder("p", "m" + index).weight(weight).order(order)
                .inputCostPerToken(inCost).outputCostPerToken(outCost).build();
        return new RouterDeployment("g", index, P, c, RateLimit.NONE, null);
    }

    private static Deployment d(int index) {
        return d(index, 1, 1, null, null);
    }

    /** A context with fixed figures per deployment. */
    private static final class Ctx implements RoutingContext {
        final Map<Deployment, Integer> inFlight = new HashMap<>();
        final Map<Deployment, Double> headroom = new HashMap<>();
        final Map<Deployment, Double> latency = new HashMap<>();
        final RandomGenerator random = new SplittableRandom(7);

        @Override
        public ChatRequest request() {
            return ChatRequest.builder().model("g").user("hi").build();
        }

        @Override
        public boolean streaming() {
            return false;
        }

        @Override
        public long promptTokens() {
            return 1000;
        }

        @Override
        public long outputTokens() {
            return 100;
        }

        @Override
        public int inFlight(Deployment d) {
            return inFlight.getOrDefault(d, 0);
        }

        @Override
        public double headroom(Deployment d) {
            return headroom.getOrDefault(d, 1.0);
        }

        @Override
        public OptionalDouble latencyMillis(Deployment d) {
            Double v = latency.get(d);
            return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
        }

        @Override
        public RandomGenerator random() {
            return random;
        }
    }

    private static RoutingStrategy named(String name) {
        return RoutingStrategies.named(name).orElseThrow();
    }

    private static Map<Deployment, Integer> tally(RoutingStrategy s, List<Deployment> ds, Ctx ctx, int n) {
        Map<Deployment, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(s.choose(ds, ctx), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void simpleShuffleFollowsTheWeights() {
        Deployment a = d(0, 1, 1, null, null);
        Deployment b = d(1, 3, 1, null, null);
        Deployment zero = d(2, 0, 1, null, null);
        Map<Deployment, Integer> counts = tally(named("simple-shuffle"), List.of(a, b, zero), new Ctx(), 8000);
        assertThat(counts.getOrDefault(zero, 0)).isZero();
        assertThat(counts.get(b) / (double) counts.get(a)).isBetween(2.6, 3.4);
    }

    @Test
    void orderedUsesTheLowestTierOnly() {
        Deployment tier2 = d(0, 1, 2, null, null);
        Deployment tier1a = d(1, 1, 1, null, null);
        Deployment tier1b = d(2, 1, 1, null, null);
        Map<Deployment, Integer> counts = tally(named("ordered"), List.of(tier2, tier1a, tier1b), new Ctx(), 2000);
        assertThat(counts).doesNotContainKey(tier2).containsKeys(tier1a, tier1b);
        assertThat(named("ordered").choose(List.of(tier2), new Ctx())).isSameAs(tier2);
    }

    @Test
    void leastBusyPicksFewestInFlight() {
        Deployment a = d(0);
        Deployment b = d(1);
        Ctx ctx = new Ctx();
        ctx.inFlight.put(a, 4);
        ctx.inFlight.put(b, 1);
        assertThat(named("least-busy").choose(List.of(a, b), ctx)).isSameAs(b);
    }

    @Test
    void latencyBasedPicksTheFastestAndMeasuresUnknownOnesFirst() {
        Deployment fast = d(0);
        Deployment slow = d(1);
        Deployment unmeasured = d(2);
        Ctx ctx = new Ctx();
        ctx.latency.put(fast, 50.0);
        ctx.latency.put(slow, 400.0);
        assertThat(named("latency-based").choose(List.of(slow, fast), ctx)).isSameAs(fast);
        assertThat(named("latency-based").choose(List.of(slow, fast, unmeasured), ctx)).isSameAs(unmeasured);
    }

    @Test
    void usageBasedPicksTheMostHeadroom() {
        Deployment busy = d(0);
        Deployment free = d(1);
        Ctx ctx = new Ctx();
        ctx.headroom.put(busy, 0.1);
        ctx.headroom.put(free, 0.8);
        assertThat(named("usage-based").choose(List.of(busy, free), ctx)).isSameAs(free);
    }

    @Test
    void costBasedPicksTheCheapestForThisRequestAndUnpricedLast() {
        Deployment cheapIn = d(0, 1, 1, 1e-6, 1e-4);     // 0.001 + 0.01
        Deployment cheapOut = d(1, 1, 1, 5e-6, 1e-5);    // 0.005 + 0.001
        Deployment unpriced = d(2);
        assertThat(named("cost-based").choose(List.of(unpriced, cheapIn, cheapOut), new Ctx())).isSameAs(cheapOut);
        assertThat(named("cost-based").choose(List.of(unpriced, d(3, 1, 1, 0.0, 0.0)), new Ctx()).index()).isEqualTo(3);
    }

    @Test
    void tiesAreBrokenAtRandom() {
        List<Deployment> ds = List.of(d(0), d(1), d(2));
        assertThat(tally(named("least-busy"), ds, new Ctx(), 600)).hasSize(3);
    }

    @Test
    void namesListsTheBuiltIns() {
        assertThat(RoutingStrategies.names()).containsExactly("simple-shuffle", "ordered", "least-busy", "latency-based",
                "usage-based", "cost-based");
        assertThat(RoutingStrategies.named("nope")).isEmpty();
    }

    @Test
    void customStrategyIsUsedByName() {
        List<String> seen = new ArrayList<>();
        TestConfig c = TestConfig.create().mock("a").mock("b")
                .group("g", TestConfig.dep("a", "m"), TestConfig.dep("b", "m"));
        c.strategy = "custom:last-one";
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(new ManualTimeSource())
                .strategy("last-one", (candidates, ctx) -> {
                    seen.add(candidates.size() + "");
                    return candidates.get(candidates.size() - 1);
                }).build()) {
            for (int i = 0; i < 5; i++) {
                assertThat(r.chat(ChatRequest.builder().model("g").user("x").build()).route().provider()).isEqualTo("b");
            }
        }
        assertThat(seen).containsOnly("2");
    }

    @Test
    void unknownStrategyIsAConfigError() {
        TestConfig c = TestConfig.create().mock("a").group("g", TestConfig.dep("a", "m"));
        c.strategy = "fastest";
        assertThatThrownBy(() -> LlmRouter.builder().config(c.build()).build()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown routing strategy 'fastest'").hasMessageContaining("least-busy");
        c.strategy = "custom:mine";
        assertThatThrownBy(() -> LlmRouter.builder().config(c.build()).build()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown strategy 'custom:mine'");
    }
}
