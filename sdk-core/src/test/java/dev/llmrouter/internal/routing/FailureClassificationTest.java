package dev.llmrouter.internal.routing;

import dev.llmrouter.api.AttemptOutcome;
import dev.llmrouter.config.DeploymentConfig;
import static dev.llmrouter.internal.routing.TestConfig.dep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.spi.event.AttemptStartedEvent;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spi.state.CircuitView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DESIGN 4.2, row by row: what each outcome does to the circuit, retries and fallbacks. */
@Tag("unit")
class FailureClassificationTest {
    private final ManualTimeSource clock = new ManualTimeSource();

    private TestConfig config(Object failure) {
        Object outcome = failure instanceof String t && t.chars().allMatch(Character::isDigit) ? Integer.valueOf(t) : failure;
        TestConfig c = TestConfig.create()
                .mock("a", "script", List.of(outcome), "retry_after", Duration.ofSeconds(90))
                .mock("b", "response", "from b")
                .mock("h", "response", "from fallback")
                .mock("safe", "response", "from the policy fallback")
                .group("g", DeploymentConfig.builder("a", "m").build(),
                        DeploymentConfig.builder("b", "m").order(2).build())
                .group("h", dep("h", "m"))
                .group("safe", dep("safe", "m"))
                .fallbacks("g", "h")
                .policyFallbacks("g", "safe")
                .noBackoffJitter(Duration.ofMillis(100));
        c.strategy = "ordered";
        c.allowedFails = 2;
        c.timeouts = new dev.llmrouter.config.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60),
                Duration.ofSeconds(120), Duration.ofSeconds(30), Duration.ofSeconds(300));
        return c;
    }

    private static ChatRequest ask() {
        return ChatRequest.builder().model("g").user("hi").build();
    }

    private static CircuitView circuitOfA(LlmRouter r) {
        return r.health().deployment("g/a/m#0").orElseThrow().circuit();
    }

    @ParameterizedTest(name = "{0}: counts={1} opens={2} answered by {3}")
    @CsvSource({
            "connection_reset, true, false, b",
            "timeout, true, false, b",
            "500, true, false, b",
            "502, true, false, b",
            "503, true, false, b",
            "504, true, false, b",
            "529, true, false, b",
            "429, true, true, b",
            "402, true, true, h",
            "401, true, true, h",
            "403, true, true, h",
            "404, true, true, h",
            "content_policy, false, false, safe"})
    void eachOutcomeCountsOpensRetriesAndFallsBackAsTheTableSays(String failure, boolean counts, boolean opens,
                                                                  String answeredBy) {
        try (LlmRouter r = LlmRouter.builder().config(config(failure).build()).timeSource(clock).build()) {
            ChatResponse resp = r.chat(ask());

            assertThat(resp.route().provider()).isEqualTo(answeredBy);
            assertThat(resp.route().attempts().get(0).deploymentId()).isEqualTo("g/a/m#0");
            assertThat(resp.route().attempts().get(0).succeeded()).isFalse();
            assertThat(resp.route().fallbackGroups()).isEqualTo(answeredBy.equals("b") ? List.of() : List.of(
                    answeredBy.equals("h") ? "h" : "safe"));
            CircuitView v = circuitOfA(r);
            if (opens) {
                assertThat(v.state()).isEqualTo(CircuitState.OPEN);
            } else {
                assertThat(v.state()).isEqualTo(CircuitState.CLOSED);
                assertThat(v.failuresInWindow()).isEqualTo(counts ? 1 : 0);
            }
        }
    }

    @Test
    void rateLimitOpensForTheServersRetryAfterNotTheCooldown() {
        try (LlmRouter r = LlmRouter.builder().config(config(429).build()).timeSource(clock).build()) {
            r.chat(ask());
            CircuitView v = circuitOfA(r);
            assertThat(v.recoversAt()).contains(clock.now().plusSeconds(90));
        }
    }

    @ParameterizedTest
    @CsvSource({"400", "422"})
    void callersOwnBadRequestFailsFastWithNoRetryNoFallbackNoCircuitCount(int status) {
        List<String> attempts = new ArrayList<>();
        try (LlmRouter r = LlmRouter.builder().config(config(status).build()).timeSource(clock)
                .listener(new RouterListener() {
                    @Override
                    public void onAttemptStarted(AttemptStartedEvent event) {
                        attempts.add(event.deployment().provider());
                    }
                }).build()) {
            assertThatThrownBy(() -> r.chat(ask())).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                assertThat(e.status()).isEqualTo(status);
                assertThat(e.error().message()).isEqualTo("Invalid request (mock)");
                assertThat(e.route().attempts()).hasSize(1);
                assertThat(e.route().fallbackGroups()).isEmpty();
                assertThat(e.deploymentId()).contains("g/a/m#0");
            });
            assertThat(attempts).containsExactly("a");
            assertThat(circuitOfA(r).failuresInWindow()).isZero();
        }
    }

    @Test
    void contentFilterFinishIsAContentPolicyFailure() {
        // a provider whose 200 answer says finish_reason content_filter: the policy chain answers
        TestConfig c = config("ok");
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock)
                .adapter("a", new FixedAdapter("a", "content_filter")).build()) {
            ChatResponse resp = r.chat(ask());
            assertThat(resp.route().provider()).isEqualTo("safe");
            assertThat(resp.route().attempts().get(0).outcome()).isEqualTo(AttemptOutcome.CONTENT_POLICY);
        }
    }

    @Test
    void contentPolicyWithoutAPolicyChainFailsWithTheProvidersRefusal() {
        TestConfig c = config("content_policy");
        c.policyFallbacks.clear();
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).build()) {
            assertThatThrownBy(() -> r.chat(ask())).isInstanceOfSatisfying(LlmRouterException.class, e -> {
                assertThat(e.failureKind()).isEqualTo(dev.llmrouter.api.FailureKind.CONTENT_POLICY);
                assertThat(e.route().attempts()).extracting(AttemptRecord::deploymentId).containsExactly("g/a/m#0");
            });
        }
    }

    @Test
    void retryGoesAtOnceToAnotherHealthyDeploymentWithNoDelay() {
        try (LlmRouter r = LlmRouter.builder().config(config(500).build()).timeSource(clock).build()) {
            long before = clock.nanoTime();
            r.chat(ask());
            assertThat(clock.nanoTime()).isEqualTo(before);
        }
    }
}
