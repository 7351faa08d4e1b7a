package dev.llmrouter.internal.routing;

import static dev.llmrouter.internal.routing.TestConfig.dep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.UnknownModelException;
import dev.llmrouter.config.ConfigValidator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Wildcard groups (LiteLLM's {@code model_name: "openai/*"} and {@code "*"}): a requested name the
 * most specific pattern matches is served by that group, the matched part replacing the {@code *}
 * of the deployment's model; fallbacks may name such names.
 */
@Tag("unit")
class WildcardRoutingTest {
    private final ManualTimeSource clock = new ManualTimeSource();

    private static ChatRequest ask(String model) {
        return ChatRequest.builder().model(model).user("hi").build();
    }

    private static TestConfig config() {
        TestConfig c = TestConfig.create().mock("openai").mock("local").mock("down", "failure_rate", 1.0, "failure", 500)
                .group("openai/*", dep("openai", "*"))
                .group("*", dep("local", "local/*"))
                .group("exact", dep("down", "m"))
                .fallbacks("exact", "openai/gpt-4o-mini");
        c.numRetries = 0;
        return c;
    }

    @Test
    void theMostSpecificPatternServesTheNamePassedThrough() {
        try (LlmRouter r = LlmRouter.builder().config(config().build()).timeSource(clock).build()) {
            ChatResponse openai = r.chat(ask("openai/gpt-4o"));
            assertThat(openai.model()).isEqualTo("gpt-4o");
            assertThat(openai.route().group()).isEqualTo("openai/gpt-4o");
            assertThat(openai.route().provider()).isEqualTo("openai");
            assertThat(openai.route().providerModel()).as("the name sent, not the pattern").isEqualTo("gpt-4o");
            assertThat(openai.route().attempts()).extracting(AttemptRecord::model).containsExactly("gpt-4o");

            ChatResponse any = r.chat(ask("llama3.1:8b"));
            assertThat(any.model()).isEqualTo("local/llama3.1:8b");
            assertThat(any.route().provider()).isEqualTo("local");
            assertThat(any.route().providerModel()).isEqualTo("local/llama3.1:8b");
        }
    }

    @Test
    void aFallbackToANameAWildcardResolvesIsValidAndServed() {
        assertThat(ConfigValidator.validate(config().build())).isEmpty();
        try (LlmRouter r = LlmRouter.builder().config(config().build()).timeSource(clock).build()) {
            ChatResponse resp = r.chat(ask("exact"));
            assertThat(resp.model()).isEqualTo("gpt-4o-mini");
            assertThat(resp.route().fallbackGroups()).containsExactly("openai/gpt-4o-mini");
            assertThat(resp.route().providerModel()).isEqualTo("gpt-4o-mini");
            assertThat(resp.route().attempts()).extracting(AttemptRecord::model).containsExactly("m", "gpt-4o-mini");
        }
    }

    @Test
    void withoutACatchAllAnUnmatchedNameIsUnknown() {
        TestConfig c = TestConfig.create().mock("openai").group("openai/*", dep("openai", "*"));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).build()) {
            assertThatThrownBy(() -> r.chat(ask("anthropic/claude"))).isInstanceOf(UnknownModelException.class);
            assertThatThrownBy(() -> r.chat(ask("openai/"))).isInstanceOf(UnknownModelException.class);
        }
    }
}
