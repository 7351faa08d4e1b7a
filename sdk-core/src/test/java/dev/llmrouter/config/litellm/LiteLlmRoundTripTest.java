package dev.llmrouter.config.litellm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.LoadResult;
import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.RouterSettings;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

@Tag("unit")
class LiteLlmRoundTripTest {
    static final Map<String, String> ENV = Map.of("DEEPSEEK_API_KEY", "sk-test-deepseek", "OLLAMA_API_KEY", "ollama-test-key",
            "OPENAI_API_KEY", "sk-test-openai", "ANTHROPIC_API_KEY", "sk-ant-test", "TOGETHER_KEY", "tg-test");

    static Path resource(String name) throws URISyntaxException {
        return Path.of(LiteLlmRoundTripTest.class.getResource("/config/" + name).toURI());
    }

    private static RouterConfig roundTrip(RouterConfig config, List<Path> sources, Path target) {
        LiteLlmExporter.write(config, sources, target);
        LoadResult back = LiteLlmImporter.read(ENV::get, target);
        assertThat(back.problems()).as("our own export imports without any problem").isEmpty();
        return back.config().orElseThrow();
    }

    @Test
    void theSeedSurvivesExportAndImportWithRoutingLimitsAndFallbacksIntact(@TempDir Path dir) throws Exception {
        LoadResult seed = ConfigLoader.read(ENV::get, resource("seed/providers.yaml"), resource("seed/model-mappings.yaml"));
        RouterConfig original = seed.orThrow();

        RouterConfig back = roundTrip(original, seed.sources(), dir.resolve("litellm.yaml"));

        assertSameRouting(back, original);
        assertThat(back.providers()).doesNotContainKey("vllm-dolphin");
        assertThat(back.providers().get("vllm-qwen").maxParallelRequests()).contains(8);
        assertThat(back.providers().get("vllm-qwen").baseUrl()).isEqualTo("http://127.0.0.1:8001");
    }

    @Test
    void everyProviderTypeAndSettingSurvivesTheRoundTrip(@TempDir Path dir) throws IOException {
        Path source = Files.writeString(dir.resolve("router.yaml"), """
                providers:
                  llama: {type: llama_cpp, base_url: "http://127.0.0.1:8080"}
                  together: {type: openai_compatible, base_url: "https://api.together.xyz/v1", api_key: "${TOGETHER_KEY}"}
                  openai: {type: openai, base_url: "https://api.openai.com/v1", api_key_env: OPENAI_API_KEY, timeout: 20s}
                  anthropic: {type: anthropic, base_url: "https://api.anthropic.com", api_key: "${ANTHROPIC_API_KEY}", rpm: 40}
                  demo: {type: mock, mock: {response: "hello"}}
                models:
                  chat:
                    rpm: 30
                    deployments:
                      - {provider: llama, model: local, order: 1, max_parallel_requests: 2, tags: [local, cheap]}
                      - {provider: openai, model: gpt-4o-mini, order: 2, weight: 3, input_cost_per_token: 0.00000015,
                         output_cost_per_token: 0.0000006, max_input_tokens: 128000}
                  claude:
                    deployments:
                      - {provider: anthropic, model: claude-sonnet-4-5, tpm: 80000}
                      - {provider: together, model: meta-llama/Llama-3.3-70B-Instruct-Turbo, order: 2}
                  demo: {deployments: [{provider: demo, model: demo-model}]}
                aliases: {fast: chat}
                fallbacks: {chat: [claude]}
                content_policy_fallbacks: {claude: [chat]}
                default_fallbacks: [demo]
                router_settings:
                  routing_strategy: ordered
                  allowed_fails: 3
                  cooldown_time: 90s
                  num_retries: 1
                  enable_pre_call_checks: false
                  health_check_interval: 2m
                  timeouts: {attempt: 25s, request: 50s, stream: 100s}
                """);
        RouterConfig original = ConfigLoader.load(ENV::get, source);

        RouterConfig back = roundTrip(original, List.of(source), dir.resolve("out/litellm.yaml"));

        assertSameRouting(back, original);
        assertThat(back.routerSettings().routingStrategy()).isEqualTo("ordered");
        assertThat(back.routerSettings().healthCheckInterval()).isEqualTo(original.routerSettings().healthCheckInterval());
        assertThat(back.providers().get("demo").mock()).containsEntry("response", "hello");
        // LiteLLM has no providers: the provider's timeout travels on each of its deployments
        assertThat(back.models().get("chat").deployments().get(1).timeout()).isEqualTo(original.providers().get("openai").attemptTimeout());
    }

    @Test
    void theExportIsLiteLlmShapedAndHoldsNoSecret(@TempDir Path dir) throws Exception {
        LoadResult seed = ConfigLoader.read(ENV::get, resource("seed/providers.yaml"), resource("seed/model-mappings.yaml"));
        String text = LiteLlmExporter.export(seed.orThrow(), seed.sources(), dir.resolve("litellm.yaml"));

        assertThat(text).startsWith("# AUTO-GENERATED by llmrouter from ").doesNotContain("sk-test-deepseek", "ollama-test-key");
        Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        assertThat(doc).containsOnlyKeys("model_list", "router_settings");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> models = (List<Map<String, Object>>) doc.get("model_list");
        assertThat(models).extracting(m -> map(m.get("litellm_params")).get("model")).containsExactly(
                "ollama_chat/llama3.1:latest", "hosted_vllm/Qwen/Qwen2.5-Coder-7B-Instruct",
                "ollama_chat/deepseek-v3.1:671b-cloud", "deepseek/deepseek-chat");
        assertThat(map(models.get(1).get("litellm_params"))).containsEntry("api_base", "http://127.0.0.1:8001/v1")
                .containsEntry("rpm", 50).containsEntry("tpm", 100000);
        assertThat(map(models.get(3).get("litellm_params"))).containsEntry("api_key", "os.environ/DEEPSEEK_API_KEY");
        Map<String, Object> router = map(doc.get("router_settings"));
        // only what differs from LiteLLM's defaults; llmrouter opens at 5 failures, LiteLLM cools down after more than 4
        assertThat(router).containsEntry("routing_strategy", "usage-based-routing").containsEntry("allowed_fails", 4)
                .containsEntry("cooldown_time", 60).containsEntry("timeout", 30).doesNotContainKey("num_retries");
        assertThat(router.get("fallbacks")).isEqualTo(List.of(
                Map.of("qwen-coder-vllm", List.of("llama3.1:latest", "deepseek-v3.1:671b-cloud")),
                Map.of("llama3.1:latest", List.of("deepseek-v3.1:671b-cloud"))));
        assertThat(text).contains("#   - provider 'vllm-dolphin' is disabled: it and its deployments are left out");
    }

    @Test
    void anInlineKeyIsNeverWrittenOut(@TempDir Path dir) throws IOException {
        Path source = Files.writeString(dir.resolve("router.yaml"), """
                providers:
                  openai: {type: openai, base_url: "https://api.openai.com/v1", api_key: sk-inline-secret-123}
                models:
                  m: {deployments: [{provider: openai, model: gpt-4o}]}
                """);
        RouterConfig c = ConfigLoader.load(Map.<String, String>of()::get, source);

        String text = LiteLlmExporter.export(c, List.of(source), dir.resolve("litellm.yaml"));

        assertThat(text).doesNotContain("sk-inline-secret-123").contains("api_key: os.environ/OPENAI_API_KEY")
                .contains("provider 'openai' has its API key inline; the export reads it from OPENAI_API_KEY instead");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    /** Routing, limits and fallbacks: what an export must keep. */
    static void assertSameRouting(RouterConfig back, RouterConfig original) {
        assertThat(activeProviders(back)).isEqualTo(activeProviders(original));
        assertThat(back.models().keySet()).containsExactlyElementsOf(original.models().keySet());
        original.models().forEach((name, g) -> {
            ModelGroupConfig b = back.models().get(name);
            assertThat(b.limit()).as("group limit of %s", name).isEqualTo(g.limit());
            List<DeploymentConfig> active = g.deployments().stream()
                    .filter(d -> original.providers().get(d.provider()).isActive()).toList();
            assertThat(b.deployments()).hasSameSizeAs(active);
            for (int i = 0; i < active.size(); i++) {
                DeploymentConfig o = active.get(i);
                DeploymentConfig r = b.deployments().get(i);
                assertThat(r.provider()).isEqualTo(o.provider());
                assertThat(r.model()).isEqualTo(o.model());
                assertThat(r.weight()).isEqualTo(o.weight());
                assertThat(r.order()).isEqualTo(o.order());
                assertThat(attempt(back, r, false)).as("attempt timeout of %s[%d]", name, i).isEqualTo(attempt(original, o, false));
                assertThat(attempt(back, r, true)).as("stream attempt timeout of %s[%d]", name, i).isEqualTo(attempt(original, o, true));
                assertThat(back.deploymentLimit(r)).as("limit of %s[%d]", name, i).isEqualTo(original.deploymentLimit(o));
                assertThat(r.maxInputTokens()).isEqualTo(o.maxInputTokens());
                assertThat(r.maxParallelRequests()).isEqualTo(o.maxParallelRequests());
                assertThat(r.inputCostPerToken()).isEqualTo(o.inputCostPerToken());
                assertThat(r.outputCostPerToken()).isEqualTo(o.outputCostPerToken());
                assertThat(r.tags()).isEqualTo(o.tags());
            }
        });
        assertThat(back.aliases()).isEqualTo(original.aliases());
        assertThat(back.fallbacks()).isEqualTo(original.fallbacks());
        RouterSettings s = original.routerSettings();
        RouterSettings t = back.routerSettings();
        assertThat(t.routingStrategy()).isEqualTo(s.routingStrategy());
        assertThat(t.allowedFails()).isEqualTo(s.allowedFails());
        assertThat(t.cooldownTime()).isEqualTo(s.cooldownTime());
        assertThat(t.numRetries()).isEqualTo(s.numRetries());
        assertThat(t.enablePreCallChecks()).isEqualTo(s.enablePreCallChecks());
        assertThat(t.timeouts().attempt()).isEqualTo(s.timeouts().attempt());
        // LiteLLM bounds each call only: the outer layers may only grow, never cut an attempt short
        assertThat(t.timeouts().request()).isGreaterThanOrEqualTo(t.timeouts().attempt());
        assertThat(t.timeouts().overall()).isGreaterThanOrEqualTo(t.timeouts().request());
    }

    /** The attempt timeout a deployment gets, as the router picks it. */
    private static java.time.Duration attempt(RouterConfig c, DeploymentConfig d, boolean streaming) {
        if (streaming && d.streamTimeout().isPresent()) {
            return d.streamTimeout().get();
        }
        return d.timeout().or(() -> c.providers().get(d.provider()).attemptTimeout()).orElse(c.routerSettings().timeouts().attempt());
    }

    /** Name, type, URL, key variable and parallel cap of each active provider. */
    private static Map<String, List<Object>> activeProviders(RouterConfig c) {
        Map<String, List<Object>> out = new LinkedHashMap<>();
        for (ProviderConfig p : c.providers().values()) {
            if (p.isActive()) {
                out.put(p.name(), List.of(p.type(), p.baseUrl(), p.apiKey().flatMap(k -> k.envVariable()).orElse(""),
                        p.maxParallelRequests().orElse(0)));
            }
        }
        return out;
    }
}
