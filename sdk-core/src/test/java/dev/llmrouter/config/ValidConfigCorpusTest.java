package dev.llmrouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code config/valid/} is a set-up the rules must accept: it loads with no error
 * and exactly the warnings its {@code # expect: warning <line> <fragment>} comments declare (often
 * none). The same variables as the bad corpus, plus those the env-references fixture uses.
 */
@Tag("unit")
class ValidConfigCorpusTest {
    static final Map<String, String> ENV = env();

    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>(BadConfigCorpusTest.ENV);
        env.putAll(Map.of("VLLM_HOST", "gpu-box", "VLLM_PORT", "8001", "TENANT", "team-a", "OLLAMA_URL",
                "http://127.0.0.1:11434", "VLLM_TPM", "90000", "REDIS_HOST", "redis.internal", "REDIS_PASSWORD", "s3cret"));
        return Map.copyOf(env);
    }

    static Stream<Path> validFiles() throws IOException, URISyntaxException {
        Path dir = Path.of(ValidConfigCorpusTest.class.getResource("/config/valid").toURI());
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void loadsWithExactlyTheDeclaredWarnings(Path file) throws IOException {
        List<BadConfigCorpusTest.Expected> expected = BadConfigCorpusTest.expectations(file);
        LoadResult result = ConfigLoader.read(ENV::get, file);

        List<ConfigProblem> actual = result.problems();
        assertThat(actual).as(BadConfigCorpusTest.describe(actual)).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            ConfigProblem p = actual.get(i);
            assertThat(p.severity()).as(p.format()).isEqualTo(ConfigProblem.Severity.WARNING);
            assertThat(p.line()).as(p.format()).isEqualTo(expected.get(i).line());
            assertThat(p.message()).as(p.format()).contains(expected.get(i).fragment());
        }
        assertThat(result.config()).isPresent();
    }

    @Test
    void everyKindOfScalarTakesEnvironmentReferencesResolvedBeforeValidation() throws Exception {
        RouterConfig c = load("env-references.yaml");

        ProviderConfig vllm = c.providers().get("vllm");
        assertThat(vllm.baseUrl()).isEqualTo("http://gpu-box:8001");
        assertThat(vllm.maxParallelRequests()).contains(8);
        assertThat(vllm.headers()).containsEntry("X-Tenant", "team-a");
        ProviderConfig ollama = c.providers().get("ollama");
        assertThat(ollama.baseUrl()).isEqualTo("http://127.0.0.1:11434");
        assertThat(ollama.rpm()).contains(120);
        assertThat(ollama.attemptTimeout()).contains(Duration.ofSeconds(45));
        assertThat(c.models().get("m").deployments().get(0).limit()).isEqualTo(new RateLimit(null, 90_000));
        RedisSettings redis = c.redis().orElseThrow();
        assertThat(redis.url()).isEqualTo("redis://redis.internal:6380");
        assertThat(redis.passwordValue().orElseThrow().reveal()).isEqualTo("s3cret");
        assertThat(redis.passwordValue().orElseThrow().envVariable()).contains("REDIS_PASSWORD");
    }

    @Test
    void sdkKeyVariablesAreReadWhenNoKeyIsConfigured() throws Exception {
        RouterConfig c = load("sdk-key-variables.yaml");

        assertThat(c.providers().get("openai").apiKey().orElseThrow().envVariable()).contains("OPENAI_API_KEY");
        assertThat(c.providers().get("openai").apiKey().orElseThrow().reveal()).isEqualTo("sk-test-openai");
        assertThat(c.providers().get("anthropic").apiKey().orElseThrow().reveal()).isEqualTo("sk-ant-test");
        assertThat(c.providers().get("deepseek").apiKey().orElseThrow().reveal()).isEqualTo("sk-test-deepseek");
    }

    @Test
    void aKeyMissingFromBothPlacesIsReportedNamingBoth() throws Exception {
        LoadResult r = ConfigLoader.read(Map.<String, String>of()::get, path("sdk-key-variables.yaml"));

        assertThat(r.errors()).extracting(ConfigProblem::message).containsExactly(
                "active provider 'openai' (openai) has no API key and OPENAI_API_KEY is not set",
                "active provider 'anthropic' (anthropic) has no API key and ANTHROPIC_API_KEY is not set",
                "active provider 'deepseek' (deepseek) has no API key and DEEPSEEK_API_KEY is not set");
        assertThat(r.errors().get(0).hint()).contains("or export OPENAI_API_KEY");
    }

    @Test
    void anUnsetVariableIsReportedWithItsNameFileAndLine() throws Exception {
        Map<String, String> env = new HashMap<>(ENV);
        env.remove("VLLM_TPM");
        env.remove("REDIS_HOST");
        LoadResult r = ConfigLoader.read(env::get, path("env-references.yaml"));

        assertThat(r.errors()).extracting(p -> p.line() + " " + p.message()).containsExactly(
                "14 environment variable VLLM_TPM is not set",
                "17 environment variable REDIS_HOST is not set");
        assertThat(r.errors()).allSatisfy(p -> assertThat(p.file()).endsWith("env-references.yaml"));
    }

    @Test
    void limitsApplyOnlyWhereConfiguredUnlessTheSeedPresetIsOn() {
        String yaml = """
                providers:
                  openai: {type: openai, base_url: "https://api.openai.com/v1", api_key: "${OPENAI_API_KEY}"}
                  ollama: {type: ollama, base_url: "http://127.0.0.1:11434", rpm: 30}
                models:
                  m:
                    deployments:
                      - {provider: openai, model: gpt-4o}
                      - {provider: ollama, model: "llama3.1:latest"}
                """;
        RouterConfig plain = ConfigLoader.readString(yaml, "plain.yaml", ENV::get).config().orElseThrow();
        RouterConfig preset = ConfigLoader.readString(yaml + "rate_limit_settings: {preset: seed, defaults: {openai: {rpm: 5000}}}\n",
                "preset.yaml", ENV::get).config().orElseThrow();

        List<DeploymentConfig> ds = plain.models().get("m").deployments();
        assertThat(plain.deploymentLimit(ds.get(0))).isEqualTo(RateLimit.NONE);
        assertThat(plain.deploymentLimit(ds.get(1))).isEqualTo(new RateLimit(30, null));
        assertThat(preset.deploymentLimit(ds.get(0))).isEqualTo(new RateLimit(5000, 150_000));
        assertThat(preset.deploymentLimit(ds.get(1))).isEqualTo(new RateLimit(30, 50_000));
    }

    @Test
    void anUnknownPresetIsAnError() {
        LoadResult r = ConfigLoader.readString("rate_limit_settings: {preset: seeds}\n", "p.yaml", ENV::get);

        assertThat(r.errors()).extracting(ConfigProblem::format)
                .containsExactly("p.yaml:1:31: error: unknown rate limit preset 'seeds' (the only preset is seed (the seed's per-type table))");
    }

    private static RouterConfig load(String name) throws Exception {
        return ConfigLoader.read(ENV::get, path(name)).config().orElseThrow();
    }

    private static Path path(String name) throws URISyntaxException {
        return Path.of(ValidConfigCorpusTest.class.getResource("/config/valid/" + name).toURI());
    }
}
