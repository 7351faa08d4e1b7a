package dev.llmrouter.config.litellm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.config.ConfigProblem;
import dev.llmrouter.config.LoadResult;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.Timeouts;
import dev.llmrouter.spi.provider.ProviderType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LiteLlmImporterTest {
    private static final Map<String, String> ENV = Map.of("DEEPSEEK_API_KEY", "sk-test-deepseek", "OPENAI_API_KEY", "sk-o");

    /** A hand-written LiteLLM proxy config in the seed's style. */
    private static final String SEED_STYLE = """
            model_list:
              - model_name: llama3.1:latest
                litellm_params:
                  model: ollama/llama3.1:latest
                  api_base: http://127.0.0.1:11434
                  rpm: 100
                  tpm: 50000
                  temperature: 0.2
              - model_name: qwen-coder-vllm
                litellm_params:
                  model: hosted_vllm/Qwen/Qwen2.5-Coder-7B-Instruct
                  api_base: http://127.0.0.1:8001/v1
                  rpm: 50
                  tpm: 100000
              - model_name: deepseek-v3.1:671b-cloud
                litellm_params:
                  model: deepseek/deepseek-chat
                  api_key: os.environ/DEEPSEEK_API_KEY
                model_info:
                  mode: chat
                  max_input_tokens: 64000
            router_settings:
              routing_strategy: latency-based-routing
              allowed_fails: 5
              cooldown_time: 60
              num_retries: 2
              timeout: 30
              model_group_alias: {coder: qwen-coder-vllm}
              fallbacks:
                - qwen-coder-vllm: [llama3.1:latest, deepseek-v3.1:671b-cloud]
              context_window_fallbacks:
                - llama3.1:latest: [deepseek-v3.1:671b-cloud]
              redis_host: 127.0.0.1
              redis_port: 6380
            litellm_settings:
              request_timeout: 60
              stream_timeout: 120
              timeout: 300
              drop_params: true
              success_callback: ["langfuse"]
            general_settings:
              master_key: sk-1234
            """;

    @Test
    void aSeedStyleLiteLlmConfigImportsWithAWarningPerUnsupportedSetting() {
        LoadResult r = LiteLlmImporter.readString(SEED_STYLE, "litellm.yaml", ENV::get);

        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).extracting(ConfigProblem::line, ConfigProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(8, "litellm_params.temperature has no llmrouter equivalent and is ignored"),
                org.assertj.core.groups.Tuple.tuple(37, "litellm_settings.stream_timeout has no llmrouter equivalent and is ignored"),
                org.assertj.core.groups.Tuple.tuple(38, "litellm_settings.timeout has no llmrouter equivalent and is ignored"),
                org.assertj.core.groups.Tuple.tuple(39, "litellm_settings.drop_params has no llmrouter equivalent and is ignored"),
                org.assertj.core.groups.Tuple.tuple(40, "litellm_settings.success_callback has no llmrouter equivalent and is ignored"),
                org.assertj.core.groups.Tuple.tuple(42, "general_settings.master_key has no llmrouter equivalent and is ignored"));
        RouterConfig c = r.config().orElseThrow();
        assertThat(c.providers()).containsOnlyKeys("ollama", "vllm", "deepseek");
        assertThat(c.providers().get("vllm").baseUrl()).isEqualTo("http://127.0.0.1:8001");
        assertThat(c.providers().get("deepseek").apiKey().orElseThrow().reveal()).isEqualTo("sk-test-deepseek");
        assertThat(c.models().get("qwen-coder-vllm").deployments().get(0).limit()).isEqualTo(new RateLimit(50, 100_000));
        assertThat(c.models().get("deepseek-v3.1:671b-cloud").deployments().get(0).maxInputTokens()).contains(64_000);
        assertThat(c.routerSettings().routingStrategy()).isEqualTo("latency-based");
        // router_settings.timeout is LiteLLM's per-call timeout and wins over litellm_settings.request_timeout;
        // LiteLLM bounds no whole stream, so the stream layer gets the overall one
        assertThat(c.routerSettings().timeouts()).isEqualTo(new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(300), Duration.ofSeconds(30), Duration.ofSeconds(300)));
        assertThat(c.routerSettings().allowedFails()).as("LiteLLM cools down after more than 5 failures").isEqualTo(6);
        assertThat(c.routerSettings().cooldownTime()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.models().get("llama3.1:latest").deployments().get(0).limit()).isEqualTo(new RateLimit(100, 50_000));
        assertThat(c.models().get("deepseek-v3.1:671b-cloud").deployments().get(0).limit()).as("no limit LiteLLM did not have")
                .isEqualTo(RateLimit.NONE);
        assertThat(c.aliases()).containsEntry("coder", "qwen-coder-vllm");
        assertThat(c.fallbacks().general()).containsEntry("qwen-coder-vllm", List.of("llama3.1:latest", "deepseek-v3.1:671b-cloud"));
        assertThat(c.fallbacks().contextWindow()).containsEntry("llama3.1:latest", List.of("deepseek-v3.1:671b-cloud"));
        assertThat(c.redis().orElseThrow().url()).isEqualTo("redis://127.0.0.1:6380");
    }

    @Test
    void deploymentsSharingAServerBecomeOneProviderAndOrdersMeanOrdered() {
        LoadResult r = LiteLlmImporter.readString("""
                model_list:
                  - model_name: a
                    litellm_params: {model: openai/llama-3, api_base: "http://gpu:8000/v1", order: 1}
                  - model_name: b
                    litellm_params: {model: openai/qwen, api_base: "http://gpu:8000/v1", order: 2}
                  - model_name: b
                    litellm_params: {model: gpt-4o, api_key: os.environ/OPENAI_API_KEY}
                router_settings: {routing_strategy: simple-shuffle}
                """, "l.yaml", ENV::get);

        RouterConfig c = r.config().orElseThrow();
        assertThat(c.providers()).containsOnlyKeys("openai_compatible", "openai");
        assertThat(c.providers().get("openai_compatible").type()).isEqualTo(ProviderType.OPENAI_COMPATIBLE);
        assertThat(c.providers().get("openai").baseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(c.routerSettings().routingStrategy()).isEqualTo("ordered");
        assertThat(c.models().get("b").deployments()).extracting(d -> d.order()).containsExactly(2, 1);
    }

    @Test
    void unknownProvidersAreSkippedAndMissingKeysAreErrorsAtTheirLines() {
        LoadResult r = LiteLlmImporter.readString("""
                model_list:
                  - model_name: a
                    litellm_params: {model: azure/gpt-4o, api_base: "https://x.openai.azure.com"}
                  - model_name: b
                    litellm_params:
                      model: anthropic/claude-sonnet-4-5
                      api_key: os.environ/ANTHROPIC_API_KEY
                  - model_name: c
                    litellm_params: {model: mystery-model}
                router_settings:
                  fallbacks: [{b: [zz]}]
                environment_variables: {X: y}
                """, "l.yaml", ENV::get);

        assertThat(r.problems()).extracting(ConfigProblem::severity, ConfigProblem::line, ConfigProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ConfigProblem.Severity.ERROR, 3,
                        "environment variable AZURE_API_KEY is not set (needed by active provider 'azure')"),
                org.assertj.core.groups.Tuple.tuple(ConfigProblem.Severity.ERROR, 7,
                        "environment variable ANTHROPIC_API_KEY is not set (needed by active provider 'anthropic')"),
                org.assertj.core.groups.Tuple.tuple(ConfigProblem.Severity.WARNING, 9,
                        "deployment of 'c' skipped: cannot tell which provider serves 'mystery-model'"),
                org.assertj.core.groups.Tuple.tuple(ConfigProblem.Severity.ERROR, 11, "unknown model 'zz' in the fallbacks of 'b'"),
                org.assertj.core.groups.Tuple.tuple(ConfigProblem.Severity.WARNING, 12,
                        "'environment_variables' has no llmrouter equivalent and is ignored"));
    }

    @Test
    void anUnknownLiteLlmStrategyFallsBackToSimpleShuffleWithAWarning() {
        LoadResult r = LiteLlmImporter.readString("""
                model_list:
                  - {model_name: a, litellm_params: {model: ollama_chat/llama3.1, api_base: "http://127.0.0.1:11434"}}
                router_settings: {routing_strategy: provider-budget-routing}
                """, "l.yaml", ENV::get);

        assertThat(r.warnings()).singleElement().satisfies(w -> assertThat(w.message())
                .isEqualTo("LiteLLM routing strategy 'provider-budget-routing' has no llmrouter equivalent; simple-shuffle is used"));
        assertThat(r.config().orElseThrow().routerSettings().routingStrategy()).isEqualTo("simple-shuffle");
    }

    @Test
    void theResponseCacheLivesWhereLlmrouterKeepsItAndAnyDifferenceIsAWarning() {
        String models = """
                model_list:
                  - model_name: gpt
                    litellm_params: {model: openai/gpt-4o-mini, api_key: os.environ/OPENAI_API_KEY}
                """;
        LoadResult local = LiteLlmImporter.readString(models + """
                router_settings: {redis_host: state.internal}
                litellm_settings:
                  cache: true
                  cache_params: {type: local, ttl: 60}
                """, "l.yaml", ENV::get);
        LoadResult s3 = LiteLlmImporter.readString(models + """
                litellm_settings:
                  cache: true
                  cache_params: {type: s3, s3_bucket_name: answers}
                """, "l.yaml", ENV::get);
        LoadResult otherRedis = LiteLlmImporter.readString(models + """
                router_settings: {redis_host: state.internal}
                litellm_settings:
                  cache: true
                  cache_params: {type: redis, host: cache.internal}
                """, "l.yaml", ENV::get);

        assertThat(local.problems()).extracting(ConfigProblem::line, ConfigProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(7, "the response cache is shared on Redis, not local to each process"));
        assertThat(local.config().orElseThrow().cache().ttl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s3.problems()).extracting(ConfigProblem::line, ConfigProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(6, "cache_params.type 's3' has no llmrouter equivalent: the response cache is "
                        + "in memory"),
                org.assertj.core.groups.Tuple.tuple(6, "cache_params.s3_bucket_name has no llmrouter equivalent and is ignored"));
        assertThat(s3.config().orElseThrow().cache().enabled()).isTrue();
        assertThat(otherRedis.problems()).extracting(ConfigProblem::message).containsExactly(
                "the response cache uses the Redis of router_settings, not the one in cache_params");
        assertThat(otherRedis.config().orElseThrow().redis().orElseThrow().url()).isEqualTo("redis://state.internal:6379");
    }

    @Test
    void everyProblemOfAMessyFileHasItsLine() {
        LoadResult r = LiteLlmImporter.readString("""
                model_list:
                  - model_name: a
                    litellm_params: {model: vertex_ai/gemini-pro}
                  - model_name: b
                  - model_name: c
                    litellm_params: {api_base: "http://x"}
                  - model_name: d
                    litellm_params: {model: ollama/llama3.1, rpm: many}
                router_settings:
                  routing_strategy: provider-budget-routing
                  allowed_fails: -1
                  cooldown_time: soon
                  fallbacks: [{d: [a, zz]}]
                  model_group_alias: {x: a, y: zz}
                  stream_timeout: 0
                litellm_settings:
                  request_timeout: -5
                  cache: true
                  cache_params: {type: redis, ttl: 0}
                general_settings: {background_health_checks: true, health_check_interval: never}
                """, "messy.yaml", ENV::get);

        assertThat(r.problems()).isNotEmpty();
        assertThat(r.problems()).allSatisfy(p -> assertThat(p.line()).as(p.format()).isPositive());
        assertThat(r.problems()).filteredOn(p -> p.message().startsWith("stream_timeout of a deployment of 'd'"))
                .extracting(ConfigProblem::line).containsExactly(15);
        assertThat(r.problems()).filteredOn(p -> p.message().contains("ttl must be positive"))
                .extracting(ConfigProblem::line).containsExactly(19);
    }
}
