package dev.llmrouter.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.AttemptOutcome;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.ConfigException;
import dev.llmrouter.spi.state.CircuitState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user runs chats through fallbacks and a tripped circuit with the mock type alone, from YAML. */
@Tag("integration")
class YamlMockDemoTest {

    private static Path demo() throws Exception {
        return Path.of(YamlMockDemoTest.class.getResource("/router/mock-demo.yaml").toURI());
    }

    @Test
    void fallbacksAndATrippedCircuitWithMocksOnly() throws Exception {
        try (LlmRouter router = LlmRouter.fromYaml(demo())) {
            ChatRequest ask = ChatRequest.builder().model("c").system("be brief").user("Write a haiku").maxTokens(64).build();

            ChatResponse first = router.chat(ask);
            assertThat(first.text()).isEqualTo("Hello from backup");
            assertThat(first.route().fallbackGroups()).containsExactly("fallback-model");
            assertThat(first.route().attempts()).extracting(AttemptRecord::outcome).containsExactly(AttemptOutcome.SERVER_ERROR, AttemptOutcome.SUCCESS);

            router.chat(ask);
            assertThat(router.health().deployment("coder/flaky/qwen-coder#0").orElseThrow().circuit().state())
                    .isEqualTo(CircuitState.OPEN);

            ChatResponse third = router.chat(ask);
            assertThat(third.text()).isEqualTo("Hello from backup");
            // the open circuit skipped the flaky deployment without calling it
            assertThat(third.route().attempts()).extracting(AttemptRecord::provider).containsExactly("backup");

            List<String> words = new ArrayList<>();
            try (ChatStream s = router.stream(ChatRequest.builder().model("chat").user("hi").build())) {
                for (ChatChunk c : s) {
                    words.add(c.text());
                }
                assertThat(s.response().text()).isEqualTo("Hello from steady");
            }
            assertThat(words).containsExactly("Hello ", "from ", "steady", "");
            assertThat(router.models()).containsExactly("coder", "fallback-model", "chat");
        }
    }

    @Test
    void anInvalidFileFailsWithEveryProblem(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, """
                providers:
                  a: {type: mock, mock: {latncy: 5ms}}
                models:
                  g:
                    deployments:
                      - {provider: nowhere, model: m}
                """);
        assertThatThrownBy(() -> LlmRouter.fromYaml(bad)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(String.join("\n", e.problems())).contains("latncy").contains("nowhere");
        });
    }
}
