package dev.llmrouter.config.litellm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.ConfigProblem;
import dev.llmrouter.config.LoadResult;
import dev.llmrouter.config.RouterConfig;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of LiteLLM proxy configurations under {@code litellm/corpus}: each {@code NAME.yaml}
 * imports as exactly the llmrouter configuration in {@code NAME.expected.yaml}, with exactly the
 * problems in {@code NAME.problems.txt} (none when absent), none of them without a line; and its
 * export imports back as the same configuration, without any problem.
 */
@Tag("unit")
class LiteLlmCorpusTest {
    static final Map<String, String> ENV = Map.ofEntries(Map.entry("OPENAI_API_KEY", "sk-test-openai"),
            Map.entry("ANTHROPIC_API_KEY", "sk-ant-test"), Map.entry("AZURE_API_KEY", "azure-test-key"),
            Map.entry("AZURE_API_BASE", "https://contoso-eu.openai.azure.com"), Map.entry("REDIS_HOST", "redis.internal"),
            Map.entry("REDIS_PORT", "6379"), Map.entry("REDIS_PASSWORD", "redis-test-pw"), Map.entry("DEEPSEEK_API_KEY", "ds-test"),
            Map.entry("GROQ_API_KEY", "gsk-test"), Map.entry("OPENROUTER_API_KEY", "or-test"), Map.entry("GEMINI_API_KEY", "ge-test"),
            Map.entry("TOGETHERAI_API_KEY", "tg-test"), Map.entry("MISTRAL_API_KEY", "mi-test"), Map.entry("CEREBRAS_API_KEY", "ce-test"),
            Map.entry("XAI_API_KEY", "xai-test"), Map.entry("FIREWORKS_AI_API_KEY", "fw-test"),
            Map.entry("NVIDIA_NIM_API_KEY", "nv-test"), Map.entry("GITHUB_API_KEY", "gh-test"));

    static Stream<String> corpus() {
        return Stream.of("redis-env", "wildcards", "order", "cache", "mutual-fallbacks", "timeouts", "openai-wire",
                "unsupported-mixed", "limits");
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(LiteLlmCorpusTest.class.getResource("/litellm/corpus/" + name).toURI());
    }

    private static List<String> expectedProblems(String name) throws IOException, URISyntaxException {
        var url = LiteLlmCorpusTest.class.getResource("/litellm/corpus/" + name + ".problems.txt");
        if (url == null) {
            return List.of();
        }
        return Files.readAllLines(Path.of(url.toURI())).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void importsAsExpectedWithEachProblemAtItsLine(String name) throws Exception {
        LoadResult imported = LiteLlmImporter.read(ENV::get, resource(name + ".yaml"));

        assertThat(imported.problems()).extracting(LiteLlmCorpusTest::describe).containsExactlyElementsOf(expectedProblems(name));
        assertThat(imported.problems()).allSatisfy(p -> assertThat(p.line()).as(p.format()).isPositive());
        RouterConfig expected = ConfigLoader.load(ENV::get, resource(name + ".expected.yaml"));
        assertThat(imported.config()).hasValue(expected);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void exportThenImportGivesTheSameRoutingLimitsAndTimeouts(String name, @TempDir Path dir) throws Exception {
        RouterConfig first = LiteLlmImporter.read(ENV::get, resource(name + ".yaml")).config().orElseThrow();
        Path exported = dir.resolve("litellm.yaml");

        LiteLlmExporter.write(first, List.of(resource(name + ".yaml")), exported);
        LoadResult again = LiteLlmImporter.read(ENV::get, exported);

        assertThat(again.problems()).isEmpty();
        assertThat(again.config()).hasValue(first);
        String text = Files.readString(exported);
        ENV.forEach((variable, value) -> {
            if (variable.endsWith("_KEY") || variable.endsWith("PASSWORD")) {
                assertThat(text).doesNotContain(value);
            }
        });
    }

    private static String describe(ConfigProblem p) {
        return p.severity().name().toLowerCase(java.util.Locale.ROOT) + " " + p.line() + ":" + p.column() + " " + p.message();
    }
}
