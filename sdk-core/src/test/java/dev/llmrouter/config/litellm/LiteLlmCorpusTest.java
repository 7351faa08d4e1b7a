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
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

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

    /** The keys LiteLLM reads, where an export may write; {@code model_info} is free-form there. */
    private static final Map<String, Set<String>> LITELLM_KEYS = Map.of(
            "", Set.of("model_list", "router_settings", "litellm_settings", "general_settings"),
            "entry", Set.of("model_name", "litellm_params", "model_info"),
            "litellm_params", Set.of("model", "api_base", "api_key", "api_version", "rpm", "tpm", "weight", "order",
                    "max_parallel_requests", "timeout", "stream_timeout", "input_cost_per_token", "output_cost_per_token", "tags",
                    "mock_response"),
            "router_settings", Set.of("routing_strategy", "allowed_fails", "cooldown_time", "num_retries", "timeout",
                    "stream_timeout", "enable_pre_call_checks", "model_group_alias", "fallbacks", "context_window_fallbacks",
                    "content_policy_fallbacks", "default_fallbacks", "redis_host", "redis_port", "redis_password"),
            "litellm_settings", Set.of("cache", "cache_params"),
            "general_settings", Set.of("background_health_checks", "health_check_interval"));

    @ParameterizedTest
    @MethodSource("corpus")
    void theExportWritesOnlyKeysLiteLlmReads(String name, @TempDir Path dir) throws Exception {
        RouterConfig config = LiteLlmImporter.read(ENV::get, resource(name + ".yaml")).config().orElseThrow();

        Map<String, Object> doc = parse(LiteLlmExporter.export(config, List.of(resource(name + ".yaml")), dir.resolve("l.yaml")));

        assertThat(doc.keySet()).isSubsetOf(LITELLM_KEYS.get(""));
        for (Object entry : (List<?>) doc.get("model_list")) {
            Map<String, Object> e = map(entry);
            assertThat(e.keySet()).isSubsetOf(LITELLM_KEYS.get("entry"));
            assertThat(map(e.get("litellm_params")).keySet()).isSubsetOf(LITELLM_KEYS.get("litellm_params"));
        }
        for (String section : List.of("router_settings", "litellm_settings", "general_settings")) {
            if (doc.containsKey(section)) {
                assertThat(map(doc.get(section)).keySet()).as(section).isSubsetOf(LITELLM_KEYS.get(section));
            }
        }
    }

    @Test
    void whatEqualsLiteLlmsOwnDefaultsIsNotWritten(@TempDir Path dir) {
        RouterConfig config = LiteLlmImporter.readString("""
                model_list:
                  - model_name: gpt
                    litellm_params: {model: openai/gpt-4o-mini, api_key: os.environ/OPENAI_API_KEY}
                """, "l.yaml", ENV::get).config().orElseThrow();

        Map<String, Object> doc = parse(LiteLlmExporter.export(config, List.of(), dir.resolve("l.yaml")));

        assertThat(doc).containsOnlyKeys("model_list");
        assertThat(map(map(((List<?>) doc.get("model_list")).get(0)).get("litellm_params")))
                .isEqualTo(Map.of("model", "openai/gpt-4o-mini", "api_base", "https://api.openai.com/v1",
                        "api_key", "os.environ/OPENAI_API_KEY"));
    }

    @Test
    void llmroutersOwnSettingsAreWrittenUnderLiteLlmsKeysTranslated(@TempDir Path dir) throws IOException {
        Path source = Files.writeString(dir.resolve("router.yaml"), """
                providers:
                  local: {type: vllm, base_url: "http://127.0.0.1:8001"}
                models:
                  coder:
                    deployments:
                      - {provider: local, model: qwen, max_parallel_requests: 3, timeout: 40s, stream_timeout: 8s}
                router_settings:
                  allowed_fails: 1
                  cooldown_time: 5s
                  num_retries: 0
                  timeouts: {attempt: 40s}
                """);
        RouterConfig config = ConfigLoader.load(ENV::get, source);

        Map<String, Object> doc = parse(LiteLlmExporter.export(config, List.of(source), dir.resolve("l.yaml")));

        Map<String, Object> params = map(map(((List<?>) doc.get("model_list")).get(0)).get("litellm_params"));
        assertThat(params).containsEntry("max_parallel_requests", 3).containsEntry("timeout", 40).doesNotContainKey("stream_timeout");
        // llmrouter opens at the first failure: LiteLLM cools down after more than 0
        assertThat(map(doc.get("router_settings"))).isEqualTo(Map.of("allowed_fails", 0, "num_retries", 0, "timeout", 40,
                "stream_timeout", 8, "enable_pre_call_checks", true));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static Map<String, Object> parse(String yaml) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }

    private static String describe(ConfigProblem p) {
        return p.severity().name().toLowerCase(java.util.Locale.ROOT) + " " + p.line() + ":" + p.column() + " " + p.message();
    }
}
