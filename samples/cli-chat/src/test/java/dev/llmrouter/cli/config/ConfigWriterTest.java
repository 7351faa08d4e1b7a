package dev.llmrouter.cli.config;

import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.LoadResult;
import dev.llmrouter.config.RouterConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("unit")
class ConfigWriterTest {
    private static final Function<String, String> ENV = Map.of("DEEPSEEK_API_KEY", "sk-one", "REDIS_PASSWORD", "pw",
            "CLOUD_API_KEY", "sk-inline-secret")::get;

    private static RouterConfig reread(RouterConfig config, List<String> notes) {
        String yaml = ConfigWriter.yaml(config, notes::add);
        LoadResult again = ConfigLoader.readString(yaml, "written.yaml", ENV);
        assertThat(again.problems()).as(yaml).isEmpty();
        return again.config().orElseThrow();
    }

    @Test
    void theSeedSamplesSurviveAWriteAndARead() {
        RouterConfig seed = ConfigLoader.load(ENV, Path.of("..", "config", "providers.yaml"),
                Path.of("..", "config", "model-mappings.yaml"));
        List<String> notes = new ArrayList<>();

        assertThat(reread(seed, notes)).isEqualTo(seed);
        assertThat(notes).isEmpty();
        assertThat(ConfigWriter.yaml(seed, n -> { })).contains("api_key: ${DEEPSEEK_API_KEY}").doesNotContain("sk-one")
                .contains("status: disabled");
    }

    @Test
    void theDemoWithItsMockSettingsSurvivesAWriteAndARead() {
        RouterConfig demo = ConfigLoader.fromString(BuiltinConfigs.demo(), "demo.yaml", ENV);
        assertThat(reread(demo, new ArrayList<>())).isEqualTo(demo);
    }

    @Test
    void everyNonDefaultSettingIsWrittenAndAnInlineSecretIsNot() {
        RouterConfig config = ConfigLoader.readString("""
                providers:
                  cloud:
                    type: openai
                    base_url: "https://api.openai.com/v1"
                    api_key: sk-inline-secret
                    headers: {X-Team: research}
                    timeout: 20s
                    max_response_bytes: 1000000
                  anthropic:
                    type: anthropic
                    base_url: "https://api.anthropic.com"
                    api_key: "${DEEPSEEK_API_KEY}"
                    default_max_tokens: 2048
                    anthropic_version: "2024-01-01"
                models:
                  gpt:
                    rpm: 10
                    cache: true
                    deployments:
                      - {provider: cloud, model: gpt-4o-mini, weight: 3, order: 2, tpm: 999, max_input_tokens: 128000,
                         max_parallel_requests: 4, input_cost_per_token: 0.0000002, output_cost_per_token: 0.0000008,
                         tags: [fast, cheap]}
                  claude:
                    deployments:
                      - {provider: anthropic, model: claude-3-5-haiku-latest}
                aliases: {default: gpt}
                fallbacks: {gpt: [claude]}
                content_policy_fallbacks: {gpt: [claude]}
                default_fallbacks: [claude]
                router_settings:
                  routing_strategy: least-busy
                  failure_window: 2m
                  cooldown_multiplier: 2
                  max_cooldown: 20m
                  retry_backoff: {initial: 250ms, max: 4s, multiplier: 3, jitter: 0.1, max_server_delay: 1m}
                  wait_for_recovery: true
                  enable_pre_call_checks: false
                  health_check_interval: 30s
                rate_limit_settings:
                  mode: wait
                  limits: {claude: {rpm: 7}}
                  default_output_tokens: 512
                cache: {enabled: true, ttl: 10m, max_entries: 50}
                redis: {url: "redis://127.0.0.1:6379", password: "${REDIS_PASSWORD}", on_failure: fail}
                """, "kitchen.yaml", ENV).config().orElseThrow();
        List<String> notes = new ArrayList<>();

        RouterConfig again = reread(config, notes);

        assertThat(notes).containsExactly("provider cloud: its api_key was written inline and is not copied;"
                + " export CLOUD_API_KEY with its value");
        assertThat(ConfigWriter.yaml(config, n -> { })).contains("api_key: ${CLOUD_API_KEY}").doesNotContain("sk-inline-secret");
        assertThat(again).isEqualTo(config);
    }
}
