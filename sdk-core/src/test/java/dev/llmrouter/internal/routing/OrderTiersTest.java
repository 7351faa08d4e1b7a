package dev.llmrouter.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.RateLimit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;

/**
 * {@code order} is honoured whatever the strategy, as in LiteLLM: the lowest tier is tried first,
 * the strategy chooses within it, and a higher tier serves only when the lower one cannot.
 */
@Tag("unit")
class OrderTiersTest {
    private final ManualTimeSource clock = new ManualTimeSource();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"simple-shuffle", "least-busy", "latency-based", "usage-based", "cost-based", "ordered"})
    void theLowestTierServesFirstAndTheNextOnlyWhenItFails(String strategy) {
        TestConfig c = TestConfig.create().mock("primary", "response", "primary").mock("backup", "response", "backup")
                .mock("broken", "failure_rate", 1.0, "failure", 500)
                .group("g", DeploymentConfig.builder("backup", "m").weight(100).order(2).inputCostPerToken(0.0).outputCostPerToken(0.0).build(),
                        DeploymentConfig.builder("primary", "m").weight(1).order(1).inputCostPerToken(1.0).outputCostPerToken(1.0).build())
                .group("h", DeploymentConfig.builder("backup", "m").weight(100).order(2).inputCostPerToken(0.0).outputCostPerToken(0.0).build(),
                        DeploymentConfig.builder("broken", "m").weight(1).order(1).inputCostPerToken(1.0).outputCostPerToken(1.0).build());
        c.strategy = strategy;
        c.numRetries = 1;
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).build()) {
            for (int i = 0; i < 20; i++) {
                assertThat(r.chat(ChatRequest.builder().model("g").user("hi").build()).text()).isEqualTo("primary");
            }
            ChatResponse h = r.chat(ChatRequest.builder().model("h").user("hi").build());
            assertThat(h.text()).isEqualTo("backup");
            assertThat(h.route().attempts()).extracting(AttemptRecord::provider).containsExactly("broken", "backup");
        }
    }
}
