package dev.llmrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.llmrouter.api.ConfigException;
import dev.llmrouter.spi.provider.ProviderType;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ConfigLoaderTest {
    static final Map<String, String> ENV = Map.of("DEEPSEEK_API_KEY", "sk-test-deepseek", "OLLAMA_API_KEY", "ollama-test-key");

    static Path resource(String name) {
        try {
            return Path.of(ConfigLoaderTest.class.getResource("/config/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static LoadResult seed(Map<String, String> env) {
        return ConfigLoader.read(env::get, resource("seed/providers.yaml"), resource("seed/model-mappings.yaml"));
    }

    @Test
    void seedLayoutLoadsWithoutAnyProblem() {
        LoadResult r = seed(ENV);

        assertThat(r.problems()).isEmpty();
        RouterConfig c = r.config().orElseThrow();
        assertThat(c.providers()).containsOnlyKeys("ollama", "vllm-qwen", "vllm-dolphin", "ollama-cloud", "deepseek");
        ProviderConfig dolphin = c.providers().get("vllm-dolphin");
        assertThat(dolphin.isActive()).isFalse();
        assertThat(dolphin.note()).contains("vLLM serves one model at a time: use vllm-model-switch.sh to swap models");
        assertThat(c.providers().get("vllm-qwen").maxParallelRequests()).contains(8);
        assertThat(c.providers().get("deepseek").attemptTimeout()).contains(Duration.ofSeconds(45));
        assertThat(c.models()).containsOnlyKeys("llama3.1:latest", "qwen-coder-vllm", "deepseek-v3.1:671b-cloud");
        assertThat(c.resolve("coder")).map(ModelGroupConfig::name).contains("qwen-coder-vllm");
        assertThat(r.sources()).containsExactly(resource("seed/providers.yaml"), resource("seed/model-mappings.yaml"));
    }

    @Test
    void seedSecretsComeFromTheEnvironmentAndAreNeverPrinted() {
        RouterConfig c = seed(ENV).config().orElseThrow();

        Secret deepseek = c.providers().get("deepseek").apiKey().orElseThrow();
        assertThat(deepseek.reveal()).isEqualTo("sk-test-deepseek");
        assertThat(deepseek.envVariable()).contains("DEEPSEEK_API_KEY");
        assertThat(c.providers().get("ollama-cloud").apiKey().orElseThrow().reveal()).isEqualTo("ollama-test-key");
        assertThat(c.toString()).doesNotContain("sk-test-deepseek", "ollama-test-key").contains("${DEEPSEEK_API_KEY}");
    }

    @Test
    void seedLimitsComeFromTheTypeTableTheGroupsAndTheDeployments() {
        RouterConfig c = seed(ENV).config().orElseThrow();

        DeploymentConfig ollama = c.models().get("llama3.1:latest").deployments().get(0);
        DeploymentConfig qwen = c.models().get("qwen-coder-vllm").deployments().get(0);
        List<DeploymentConfig> cloud = c.models().get("deepseek-v3.1:671b-cloud").deployments();
        assertThat(c.deploymentLimit(ollama)).isEqualTo(new RateLimit(100, 50_000));
        assertThat(c.deploymentLimit(qwen)).isEqualTo(new RateLimit(50, 100_000));
        assertThat(c.deploymentLimit(cloud.get(0))).isEqualTo(new RateLimit(100, 50_000));
        assertThat(c.deploymentLimit(cloud.get(1))).isEqualTo(new RateLimit(100, 50_000));
        assertThat(cloud).extracting(DeploymentConfig::weight).containsExactly(3, 1);
        assertThat(c.rateLimitSettings().typeDefaults()).containsEntry(ProviderType.LLAMA_CPP, new RateLimit(120, 60_000))
                .containsEntry(ProviderType.OPENAI, new RateLimit(60, 150_000))
                .containsEntry(ProviderType.ANTHROPIC, new RateLimit(50, 100_000));
        assertThat(c.models().get("qwen-coder-vllm").limit()).isEqualTo(new RateLimit(50, 100_000));
        assertThat(c.models().get("llama3.1:latest").limit()).isEqualTo(new RateLimit(100, 50_000));
        assertThat(c.models().get("llama3.1:latest").deployments().get(0).maxInputTokens()).contains(8192);
    }

    @Test
    void seedTimeoutsRoutingAndFallbacksMapToTheFiveLayers() {
        RouterConfig c = seed(ENV).config().orElseThrow();

        RouterSettings s = c.routerSettings();
        assertThat(s.routingStrategy()).isEqualTo("usage-based");
        assertThat(s.allowedFails()).isEqualTo(5);
        assertThat(s.cooldownTime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.numRetries()).isEqualTo(2);
        assertThat(s.timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(120), Duration.ofSeconds(30), Duration.ofSeconds(300)));
        assertThat(c.fallbacks().general()).containsExactly(
                Map.entry("qwen-coder-vllm", List.of("llama3.1:latest", "deepseek-v3.1:671b-cloud")),
                Map.entry("llama3.1:latest", List.of("deepseek-v3.1:671b-cloud")));
        assertThat(c.fallbacks().contextWindow()).containsExactly(Map.entry("llama3.1:latest", List.of("deepseek-v3.1:671b-cloud")));
        assertThat(c.rateLimitSettings().enabled()).isTrue();
    }

    @Test
    void seedCheck9AMissingKeyOfAnActiveProviderNamesTheVariableAndTheProvider() {
        LoadResult r = seed(Map.of("DEEPSEEK_API_KEY", "sk-test-deepseek"));

        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.isError()).isTrue();
            assertThat(p.file()).isEqualTo(resource("seed/providers.yaml").toString());
            assertThat(p.line()).isEqualTo(22);
            assertThat(p.message()).contains("OLLAMA_API_KEY", "'ollama-cloud'");
        });
    }

    @Test
    void theSeedsDisabledDolphinGroupIsReportedInTheMappingsFile() {
        LoadResult r = ConfigLoader.read(ENV::get, resource("seed/providers.yaml"), resource("seed-bad/dolphin-mappings.yaml"));

        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).endsWith("dolphin-mappings.yaml");
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.message()).isEqualTo("model group 'dolphin-uncensored-vllm' has no active deployment: provider "
                    + "'vllm-dolphin' is disabled");
        });
    }

    @Test
    void oneFileAndTheTwoFileLayoutGiveTheSameConfiguration() throws IOException {
        String joined = Files.readString(resource("seed/providers.yaml")) + Files.readString(resource("seed/model-mappings.yaml"));

        RouterConfig single = ConfigLoader.fromString(joined, "router.yaml", ENV::get);

        assertThat(single).isEqualTo(seed(ENV).config().orElseThrow());
    }

    @Test
    void theDesignExampleLoadsWithItsKeyNamesAsWritten() {
        RouterConfig c = ConfigLoader.load(ENV::get, resource("good/design-example.yaml"));

        assertThat(c.models().get("qwen-coder-vllm").limit()).isEqualTo(new RateLimit(50, 100_000));
        assertThat(c.models().get("deepseek-v3.1:671b-cloud").deployments().get(0).limit()).isEqualTo(new RateLimit(100, 50_000));
        assertThat(c.routerSettings().timeouts()).isEqualTo(Timeouts.DEFAULTS);
        assertThat(c.routerSettings().enablePreCallChecks()).isTrue();
        assertThat(c.rateLimitSettings().mode()).isEqualTo(RateLimitSettings.Mode.REJECT);
        assertThat(c.fallbacks().general()).containsOnlyKeys("qwen-coder-vllm");
    }

    @Test
    void laterFilesOverrideEarlierOnesKeyByKey(@TempDir Path dir) throws IOException {
        Path base = Files.writeString(dir.resolve("router.yaml"), """
                providers:
                  ollama: {type: ollama, base_url: "http://127.0.0.1:11434", max_parallel_requests: 2}
                models:
                  m:
                    deployments: [{provider: ollama, model: llama3.1:latest}]
                router_settings: {allowed_fails: 5, num_retries: 2}
                """);
        Path local = Files.writeString(dir.resolve("router-local.yaml"), """
                providers:
                  ollama: {base_url: "http://10.0.0.7:11434"}
                router_settings: {num_retries: 0}
                """);

        RouterConfig c = ConfigLoader.load(Map.<String, String>of()::get, base, local);

        assertThat(c.providers().get("ollama").baseUrl()).isEqualTo("http://10.0.0.7:11434");
        assertThat(c.providers().get("ollama").maxParallelRequests()).contains(2);
        assertThat(c.routerSettings().allowedFails()).isEqualTo(5);
        assertThat(c.routerSettings().numRetries()).isZero();
    }

    @Test
    void durationsAcceptUnitsAndPlainSeconds() {
        RouterConfig c = ConfigLoader.fromString(minimal("""
                router_settings:
                  timeouts: {attempt: 250ms, request: 1.5, stream: 5m, stream_idle: 30s, overall: 1h}
                """), "t.yaml", Map.<String, String>of()::get);

        assertThat(c.routerSettings().timeouts()).isEqualTo(new Timeouts(Duration.ofMillis(250), Duration.ofMillis(1500),
                Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofHours(1)));
    }

    @Test
    void variablesExpandAnywhereWithDefaultsAndEscapes() {
        Map<String, String> env = new HashMap<>(Map.of("OLLAMA_HOST", "10.1.2.3"));
        RouterConfig c = ConfigLoader.fromString("""
                providers:
                  ollama:
                    type: ollama
                    base_url: "http://${OLLAMA_HOST}:${OLLAMA_PORT:-11434}"
                    rpm: ${OLLAMA_RPM:-75}
                    note: "literal $${NOT_A_VAR}"
                models:
                  m: {deployments: [{provider: ollama, model: llama3.1:latest}]}
                """, "t.yaml", env::get);

        ProviderConfig p = c.providers().get("ollama");
        assertThat(p.baseUrl()).isEqualTo("http://10.1.2.3:11434");
        assertThat(p.rpm()).contains(75);
        assertThat(p.note()).contains("literal ${NOT_A_VAR}");
    }

    @Test
    void mergeKeysShareSettingsBetweenProviders() {
        RouterConfig c = ConfigLoader.fromString("""
                providers:
                  a: &gpu {type: vllm, base_url: "http://127.0.0.1:8001", max_parallel_requests: 4}
                  b: {<<: *gpu, base_url: "http://127.0.0.1:8002"}
                models:
                  m: {deployments: [{provider: a, model: x}, {provider: b, model: x}]}
                """, "t.yaml", Map.<String, String>of()::get);

        assertThat(c.providers().get("b").type()).isEqualTo(ProviderType.VLLM);
        assertThat(c.providers().get("b").maxParallelRequests()).contains(4);
        assertThat(c.providers().get("b").baseUrl()).isEqualTo("http://127.0.0.1:8002");
    }

    @Test
    void litellmStrategySpellingsMapToOursAndCustomNamesAreAccepted() {
        for (Map.Entry<String, String> e : Map.of("latency-based-routing", "latency-based", "usage-based-routing-v2",
                "usage-based", "cost-based-routing", "cost-based", "least-busy", "least-busy", "ordered", "ordered",
                "custom:round-robin", "custom:round-robin").entrySet()) {
            RouterConfig c = ConfigLoader.fromString(minimal("router_settings: {routing_strategy: " + e.getKey() + "}\n"),
                    "t.yaml", Map.<String, String>of()::get);
            assertThat(c.routerSettings().routingStrategy()).isEqualTo(e.getValue());
        }
    }

    @Test
    void mockProviderSettingsAreTypedAsTheContractSays() {
        RouterConfig c = ConfigLoader.fromString("""
                providers:
                  demo-a:
                    type: mock
                    mock:
                      response: "Hello from demo-a"
                      latency: 50ms
                      chunk_delay: 20ms
                      failure_rate: 0.3
                      failure: 503
                      retry_after: 2s
                      script: [ok, 500, stream_break, ok, 429]
                      seed: 42
                      models: [llama3.1:latest]
                      usage: {prompt_tokens: 10, completion_tokens: 5}
                models:
                  demo: {deployments: [{provider: demo-a, model: llama3.1:latest}]}
                """, "t.yaml", Map.<String, String>of()::get);

        Map<String, Object> mock = c.providers().get("demo-a").mock();
        assertThat(mock).containsEntry("response", "Hello from demo-a").containsEntry("latency", Duration.ofMillis(50))
                .containsEntry("chunk_delay", Duration.ofMillis(20)).containsEntry("failure_rate", 0.3)
                .containsEntry("failure", 503L).containsEntry("retry_after", Duration.ofSeconds(2))
                .containsEntry("script", List.of("ok", 500L, "stream_break", "ok", 429L)).containsEntry("seed", 42L)
                .containsEntry("models", List.of("llama3.1:latest"))
                .containsEntry("usage", Map.of("prompt_tokens", 10L, "completion_tokens", 5L));
        assertThat(c.providers().get("demo-a").baseUrl()).isEmpty();
    }

    @Test
    void loadThrowsOneExceptionListingEveryProblemWithoutSecrets() {
        String yaml = """
                providers:
                  openai: {type: openai, base_url: "https://api.openai.com/v1", api_key: sk-live-abcdef123456}
                models:
                  m: {deployments: [{provider: opnai, model: gpt-4o, rpm: 0}]}
                router_settings: {allowed_fail: 3}
                """;

        assertThatThrownBy(() -> ConfigLoader.fromString(yaml, "router.yaml", Map.<String, String>of()::get))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    ConfigException ce = (ConfigException) e;
                    assertThat(ce.problems()).containsExactly(
                            "router.yaml:2:74: warning: API key of provider 'openai' is written inline (use api_key: "
                                    + "\"${OPENAI_API_KEY}\" or api_key_env: OPENAI_API_KEY so the key stays out of the file)",
                            "router.yaml:4:32: error: unknown provider 'opnai' in model group 'm' (did you mean 'openai'?)",
                            "router.yaml:4:59: error: rpm must be positive, got 0 (leave it out for no limit of its own)",
                            "router.yaml:5:19: error: unknown key 'allowed_fail' in router_settings (did you mean 'allowed_fails'?)");
                    assertThat(ce.getMessage()).startsWith("invalid configuration: 3 errors").doesNotContain("sk-live");
                });
    }

    @Test
    void readNeverThrowsForAMissingOrUnreadableFile(@TempDir Path dir) throws IOException {
        Path binary = Files.write(dir.resolve("bin.yaml"), new byte[] {(byte) 0xC3, (byte) 0x28});

        LoadResult r = ConfigLoader.read(Map.<String, String>of()::get, dir.resolve("nope.yaml"), binary);

        assertThat(r.hasErrors()).isTrue();
        assertThat(r.problems()).extracting(ConfigProblem::format).containsExactly(
                dir.resolve("nope.yaml") + ":0:0: error: configuration file not found (check the path)",
                binary + ":0:0: error: the file is not UTF-8 text (save it as UTF-8)");
    }

    @Test
    void anAliasBombFailsFast() {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 40; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }

        LoadResult r = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> ConfigLoader.readString(bomb.toString(), "bomb.yaml", Map.<String, String>of()::get));

        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("too many aliases");
            assertThat(p.line()).isEqualTo(4);
        });
    }

    @Test
    void aDocumentOverTheSizeLimitIsRefused() {
        String huge = "# " + "x".repeat(3 * 1024 * 1024 + 10) + "\nproviders: {}\n";

        LoadResult r = ConfigLoader.readString(huge, "huge.yaml", Map.<String, String>of()::get);

        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("larger than"));
    }

    @Test
    void aRecursiveAliasIsStoppedByTheExpansionLimit() {
        LoadResult r = ConfigLoader.readString("a: &a [x, *a]\n", "loop.yaml", Map.<String, String>of()::get);

        assertThat(r.hasErrors()).isTrue();
        assertThat(r.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(1));
    }

    @Test
    void anEmptyFileIsAnError() {
        // issue 15: an empty configuration used to validate as ok
        LoadResult r = ConfigLoader.readString("# nothing yet\n", "empty.yaml", Map.<String, String>of()::get);

        assertThat(r.problems()).extracting(ConfigProblem::format).containsExactly(
                "empty.yaml:1:1: error: the configuration is empty: no providers and no models"
                        + " (add providers: and models: (see samples/config/))");
        assertThat(r.config()).isEmpty();
    }

    @Test
    void warningsDoNotStopLoading() {
        LoadResult r = ConfigLoader.readString(minimal("router_settings: {timeouts: {attempt: 90s}}\n"), "t.yaml",
                Map.<String, String>of()::get);

        assertThat(r.hasErrors()).isFalse();
        assertThat(r.warnings()).singleElement().satisfies(p -> assertThat(p.format())
                .startsWith("t.yaml:5:39: warning: the attempt timeout (90s) is longer than the request timeout (1m)"));
        assertThat(r.config()).isPresent();
    }

    static String minimal(String extra) {
        return """
                providers:
                  ollama: {type: ollama, base_url: "http://127.0.0.1:11434"}
                models:
                  m: {deployments: [{provider: ollama, model: llama3.1:latest}]}
                """ + extra;
    }
}
