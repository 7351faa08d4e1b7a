package dev.llmrouter.internal.routing;

import dev.llmrouter.config.DeploymentConfig;
import static dev.llmrouter.internal.routing.TestConfig.dep;
import static dev.llmrouter.internal.routing.TestConfig.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.api.AttemptOutcome;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.api.UnknownModelException;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** DESIGN 4.6: fallback chains, and the retry rules that pick deployments within a group. */
@Tag("unit")
class FallbackRoutingTest {
    private final ManualTimeSource clock = new ManualTimeSource();

    private LlmRouter router(TestConfig c) {
        return LlmRouter.builder().config(c.build()).timeSource(clock).build();
    }

    private static ChatRequest ask(String model) {
        return ChatRequest.builder().model(model).user("hi").build();
    }

    private static ChatRequest ask(String model, RequestOptions o) {
        return ChatRequest.builder().model(model).user("hi").options(o).build();
    }

    private static TestConfig failing(String... names) {
        TestConfig c = TestConfig.create();
        for (String n : names) {
            c.mock(n, "failure_rate", 1.0, "failure", 500).group(n, dep(n, "m"));
        }
        c.numRetries = 0;
        return c;
    }

    private static List<String> providers(ChatResponse r) {
        return r.route().attempts().stream().map(AttemptRecord::provider).toList();
    }

    @Test
    void generalFallbacksAreTriedInOrderAfterTheGroupFails() {
        TestConfig c = failing("g", "h1").mock("h2", "response", "from h2").group("h2", dep("h2", "m"))
                .fallbacks("g", "h1", "h2");
        try (LlmRouter r = router(c)) {
            ChatResponse resp = r.chat(ask("g"));
            assertThat(resp.text()).isEqualTo("from h2");
            assertThat(resp.route().group()).isEqualTo("g");
            assertThat(resp.route().fallbackGroups()).containsExactly("h1", "h2");
            assertThat(resp.route().fellBack()).isTrue();
            assertThat(providers(resp)).containsExactly("g", "h1", "h2");
        }
    }

    @Test
    void mutualFallbacksTryEachGroupAtMostOncePerRequest() {
        TestConfig c = failing("a", "b", "c").fallbacks("a", "b").fallbacks("b", "a", "c").fallbacks("c", "a", "b");
        c.defaultFallbacks = List.of("a", "b", "c");
        try (LlmRouter r = router(c)) {
            assertThatThrownBy(() -> r.chat(ask("a"))).isInstanceOfSatisfying(LlmRouterException.class,
                    e -> assertThat(e.attempts()).extracting(AttemptRecord::provider).containsExactly("a", "b"));
            assertThatThrownBy(() -> r.chat(ask("b"))).isInstanceOfSatisfying(LlmRouterException.class,
                    e -> assertThat(e.attempts()).extracting(AttemptRecord::provider).containsExactly("b", "a", "c"));
            assertThatThrownBy(() -> r.chat(ask("c", RequestOptions.builder().fallbacks(List.of("a", "c", "a", "b")).build())))
                    .isInstanceOfSatisfying(LlmRouterException.class,
                            e -> assertThat(e.attempts()).extracting(AttemptRecord::provider).containsExactly("c", "a", "b"));
        }
    }

    @Test
    void defaultFallbacksServeGroupsWithoutTheirOwnChain() {
        TestConfig c = failing("g", "k").mock("d", "response", "default").group("d", dep("d", "m"))
                .mock("own", "response", "own").group("own", dep("own", "m")).fallbacks("k", "own");
        c.defaultFallbacks = List.of("d");
        try (LlmRouter r = router(c)) {
            assertThat(r.chat(ask("g")).text()).isEqualTo("default");
            assertThat(r.chat(ask("k")).text()).isEqualTo("own");
        }
    }

    @Test
    void contextWindowFailuresUseTheContextWindowChainOnly() {
        TestConfig c = TestConfig.create().mock("a", "script", List.of("context_window")).group("g", dep("a", "m"))
                .mock("big", "response", "big").group("big", dep("big", "m"))
                .mock("h", "response", "general").group("h", dep("h", "m"))
                .fallbacks("g", "h").contextFallbacks("g", "big");
        try (LlmRouter r = router(c)) {
            ChatResponse resp = r.chat(ask("g"));
            assertThat(resp.text()).isEqualTo("big");
            assertThat(resp.route().attempts()).extracting(AttemptRecord::outcome)
                    .containsExactly(AttemptOutcome.CONTEXT_WINDOW, AttemptOutcome.SUCCESS);
        }
    }

    @Test
    void aContextWindowFailureIsRetriedInTheGroupOnlyOnALargerWindow() {
        TestConfig c = TestConfig.create().mock("a", "script", List.of("context_window")).mock("small").mock("large")
                .group("g", DeploymentConfig.builder("a", "m").maxInputTokens(8192).build(),
                        DeploymentConfig.builder("small", "m").order(2).maxInputTokens(4096).build(),
                        DeploymentConfig.builder("large", "m").order(3).maxInputTokens(32000).build());
        c.strategy = "ordered";
        try (LlmRouter r = router(c)) {
            ChatResponse resp = r.chat(ask("g"));
            assertThat(providers(resp)).containsExactly("a", "large");
        }
    }

    @Test
    void aContextWindowFailureWithoutALargerDeploymentIsNotRetried() {
        TestConfig c = TestConfig.create().mock("a", "script", List.of("context_window")).mock("other")
                .group("g", DeploymentConfig.builder("a", "m").build(),
                        DeploymentConfig.builder("other", "m").order(2).build());
        c.strategy = "ordered";
        try (LlmRouter r = router(c)) {
            assertThatThrownBy(() -> r.chat(ask("g"))).isInstanceOfSatisfying(ContextWindowExceededException.class,
                    e -> assertThat(e.attempts()).hasSize(1));
        }
    }

    @Test
    void preCallChecksSkipDeploymentsTooSmallForThePromptAndTheContextChainTakesOver() {
        String longPrompt = "x".repeat(40_000); // ~10,000 tokens
        TestConfig c = TestConfig.create().mock("a").group("g", window("a", "m", 8192))
                .mock("small").group("small", window("small", "m", 8192))
                .mock("big", "response", "big").group("big", window("big", "m", 128_000))
                .contextFallbacks("g", "small", "big");
        try (LlmRouter r = router(c)) {
            ChatResponse resp = r.chat(ChatRequest.builder().model("g").user(longPrompt).build());
            assertThat(resp.text()).isEqualTo("big");
            assertThat(providers(resp)).containsExactly("big");
            assertThat(resp.route().fallbackGroups()).containsExactly("big");
        }
        c.preCallChecks = false;
        try (LlmRouter r = router(c)) {
            assertThat(r.chat(ChatRequest.builder().model("g").user(longPrompt).build()).route().provider()).isEqualTo("a");
        }
    }

    @Test
    void promptPlusRequestedOutputMustFitTheWindow() {
        TestConfig c = TestConfig.create().mock("a").group("g", window("a", "m", 1000));
        try (LlmRouter r = router(c)) {
            assertThat(r.chat(ChatRequest.builder().model("g").user("hi").maxTokens(900).build()).text()).isNotEmpty();
            assertThatThrownBy(() -> r.chat(ChatRequest.builder().model("g").user("hi").maxTokens(1000).build()))
                    .isInstanceOfSatisfying(ContextWindowExceededException.class, e -> {
                        assertThat(e.getMessage()).contains("exceeds max_input_tokens 1000");
                        assertThat(e.attempts()).isEmpty();
                    });
        }
    }

    @Test
    void aFallbackTargetIsSkippedWhenPromptPlusRequestedOutputFitsNoneOfItsWindows() {
        // the chain asks the selector's own question: h's window holds the prompt but not the 500 tokens of
        // output asked for, so the chain passes over h to i rather than pick a group the selector then refuses
        TestConfig c = failing("g").mock("h", "response", "from h").group("h", window("h", "m", 100))
                .mock("i", "response", "from i").group("i", dep("i", "m")).fallbacks("g", "h", "i");
        ChatRequest asking500 = ChatRequest.builder().model("g").user("hi").maxTokens(500).build();
        try (LlmRouter r = router(c)) {
            ChatResponse resp = r.chat(asking500);
            assertThat(resp.text()).isEqualTo("from i");
            assertThat(resp.route().fallbackGroups()).containsExactly("i");
        }
        c.preCallChecks = false; // no pre-call checks: neither the selector nor the chain judges windows
        try (LlmRouter r = router(c)) {
            assertThat(r.chat(asking500).text()).isEqualTo("from h");
        }
    }

    @Test
    void aRequestsOwnChainReplacesTheConfiguredOne() {
        TestConfig c = failing("g").mock("h", "response", "configured").group("h", dep("h", "m"))
                .mock("x", "response", "override").group("x", dep("x", "m")).alias("ex", "x")
                .fallbacks("g", "h");
        try (LlmRouter r = router(c)) {
            assertThat(r.chat(ask("g", RequestOptions.builder().fallbacks(List.of("ex")).build())).text())
                    .isEqualTo("override");
            assertThatThrownBy(() -> r.chat(ask("g", RequestOptions.builder().fallbacks(List.of("nope")).build())))
                    .isInstanceOf(UnknownModelException.class);
        }
    }

    @Test
    void disablingFallbacksFailsWithTheGroupsFailure() {
        TestConfig c = failing("g").mock("h").group("h", dep("h", "m")).fallbacks("g", "h");
        try (LlmRouter r = router(c)) {
            assertThatThrownBy(() -> r.chat(ask("g", RequestOptions.builder().disableFallbacks().build())))
                    .isInstanceOfSatisfying(LlmRouterException.class, e -> {
                        assertThat(e.status()).isEqualTo(500);
                        assertThat(e.route().fallbackGroups()).isEmpty();
                    });
        }
    }

    @Test
    void eachGroupIsTriedAtMostOncePerRequest() {
        // validation rejects cycles and repeats in one chain; across chains of different kinds the
        // same group still runs only once: g fails (general chain: h), h hits its context window
        // (context chain of g: h again), and the request ends
        TestConfig c = failing("g").mock("h", "script", List.of("context_window")).group("h", dep("h", "m"))
                .fallbacks("g", "h").contextFallbacks("g", "h");
        try (LlmRouter r = router(c)) {
            assertThatThrownBy(() -> r.chat(ask("g"))).isInstanceOfSatisfying(ContextWindowExceededException.class, e -> {
                assertThat(e.route().fallbackGroups()).containsExactly("h");
                assertThat(e.attempts()).extracting(AttemptRecord::provider).containsExactly("g", "h");
            });
            // a request's own chain is not validated: repeats and the group itself are skipped
            assertThatThrownBy(() -> r.chat(ask("g", RequestOptions.builder().fallbacks(List.of("h", "h", "g")).build())))
                    .isInstanceOfSatisfying(LlmRouterException.class,
                            e -> assertThat(e.route().fallbackGroups()).containsExactly("h"));
        }
    }

    @Test
    void aFailedDeploymentIsNotPickedAgainWhileAnotherRemains() {
        TestConfig c = TestConfig.create();
        for (String n : List.of("a", "b", "c")) {
            c.mock(n, "failure_rate", 1.0, "failure", 500);
        }
        c.group("g", dep("a", "m"), dep("b", "m"), dep("c", "m")).noBackoffJitter(java.time.Duration.ofMillis(10));
        c.numRetries = 4;
        c.allowedFails = 10;
        try (LlmRouter r = router(c)) {
            for (int round = 0; round < 20; round++) {
                assertThatThrownBy(() -> r.chat(ask("g"))).isInstanceOfSatisfying(LlmRouterException.class, e -> {
                    List<String> tried = e.attempts().stream().map(AttemptRecord::provider).toList();
                    assertThat(tried).hasSize(5);
                    assertThat(tried.subList(0, 3)).doesNotHaveDuplicates();
                });
                clock.advance(java.time.Duration.ofSeconds(61));
            }
        }
    }
}
