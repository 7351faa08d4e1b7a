package dev.llmrouter.internal.routing;

import static dev.llmrouter.internal.routing.TestConfig.dep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.config.DeploymentConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Choosing first and checking only the choice (issue 10, many deployments): the draw and the exclusions. */
@Tag("unit")
class WeightedDrawTest {
    private final SplittableRandom random = new SplittableRandom(11);

    private int[] tally(WeightedDraw draw, Exclusions ex, int n, int draws) {
        int[] counts = new int[n];
        for (int i = 0; i < draws; i++) {
            counts[draw.pick(random, ex)]++;
        }
        return counts;
    }

    @Test
    void drawsFollowTheWeightsAndSkipExcludedPositionsKeepingTheRestInProportion() {
        WeightedDraw draw = new WeightedDraw(new int[] {0, 1, 2, 3}, new int[] {1, 3, 0, 6});
        int[] all = tally(draw, new Exclusions(4), 4, 100_000);
        assertThat(all[2]).as("weight zero is never drawn while others weigh").isZero();
        assertThat(all[0]).isBetween(9_000, 11_000);
        assertThat(all[1]).isBetween(28_500, 31_500);
        assertThat(all[3]).isBetween(58_500, 61_500);

        Exclusions ex = new Exclusions(4);
        ex.add(3);
        int[] rest = tally(draw, ex, 4, 100_000);
        assertThat(rest[3]).isZero();
        assertThat(rest[0]).isBetween(23_500, 26_500);
        assertThat(rest[1]).isBetween(73_500, 76_500);
    }

    @Test
    void onlyZeroWeightsLeftAreDrawnUniformlyAndNothingLeftIsMinusOne() {
        WeightedDraw draw = new WeightedDraw(new int[] {0, 1, 2}, new int[] {5, 0, 0});
        Exclusions ex = new Exclusions(3);
        ex.add(0);
        int[] counts = tally(draw, ex, 3, 10_000);
        assertThat(counts[0]).isZero();
        assertThat(counts[1]).isBetween(4_500, 5_500);
        ex.add(1);
        ex.add(2);
        assertThat(draw.pick(random, ex)).isEqualTo(-1);
        assertThat(new WeightedDraw(new int[0], new int[0]).pick(random, new Exclusions(0))).isEqualTo(-1);
    }

    @Test
    void exclusionsSwitchToABitSetBeyondAFewAndStayExact() {
        Exclusions ex = new Exclusions(200);
        for (int i = 0; i < 200; i += 3) {
            ex.add(i);
            ex.add(i); // twice: counted once
        }
        assertThat(ex.count()).isEqualTo(67);
        for (int i = 0; i < 200; i++) {
            assertThat(ex.contains(i)).as("position %d", i).isEqualTo(i % 3 == 0);
        }
        assertThat(ex.all()).isFalse();
    }

    @Test
    void aMostlyExcludedGroupStillFindsItsOneFittingDeployment() {
        TestConfig c = TestConfig.create().mock("a");
        List<DeploymentConfig> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(i == 417 ? DeploymentConfig.builder("a", "m" + i).tags(java.util.Set.of("gpu")).build()
                    : dep("a", "m" + i));
        }
        c.group("g", many.toArray(DeploymentConfig[]::new));
        for (String strategy : List.of("simple-shuffle", "ordered", "least-busy", "cost-based")) {
            c.strategy = strategy;
            try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(new ManualTimeSource()).build()) {
                ChatRequest tagged = ChatRequest.builder().model("g").user("hi")
                        .options(RequestOptions.builder().tags(java.util.Set.of("gpu")).build()).build();
                assertThat(r.chat(tagged).route().deploymentId()).as(strategy).isEqualTo("g/a/m417#417");
            }
        }
    }

    @Test
    void orderedStillUsesTheLowestTierFirstWhenChoosingOverTheWholeGroup() {
        TestConfig c = TestConfig.create().mock("a");
        List<DeploymentConfig> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(DeploymentConfig.builder("a", "m" + i).order(i == 63 || i == 64 ? 1 : 2).build());
        }
        c.group("g", many.toArray(DeploymentConfig[]::new));
        c.strategy = "ordered";
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(new ManualTimeSource()).build()) {
            for (int i = 0; i < 50; i++) {
                assertThat(r.chat(ChatRequest.builder().model("g").user("hi").build()).route().deploymentId())
                        .isIn("g/a/m63#63", "g/a/m64#64");
            }
        }
    }
}
