package dev.llmrouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.spi.provider.ProviderType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ConfigValidatorTest {

    private static RouterConfig.Builder valid() {
        return RouterConfig.builder()
                .provider(ProviderConfig.builder("vllm-qwen", ProviderType.VLLM).baseUrl("http://127.0.0.1:8001").build())
                .provider(ProviderConfig.builder("ollama", ProviderType.OLLAMA).baseUrl("http://127.0.0.1:11434").build())
                .model("coder", DeploymentConfig.of("vllm-qwen", "Qwen/Qwen2.5-Coder-7B-Instruct"))
                .model("llama", DeploymentConfig.of("ollama", "llama3.1:latest"))
                .alias("c", "coder")
                .fallbacks("coder", "llama");
    }

    @Test
    void aValidJavaConfigurationHasNoProblems() {
        assertThat(ConfigValidator.validate(valid().build())).isEmpty();
    }

    @Test
    void problemsOfJavaConfigsNameThePathInsteadOfALine() {
        RouterConfig c = valid().model("coder", DeploymentConfig.of("vllm-qwn", "q")).build();

        assertThat(ConfigValidator.validate(c)).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("<java>");
            assertThat(p.line()).isZero();
            assertThat(p.format()).isEqualTo("<java>:0:0: error: models.coder.deployments[0].provider: unknown provider "
                    + "'vllm-qwn' in model group 'coder' (did you mean 'vllm-qwen'?)");
        });
    }

    @Test
    void mutualFallbacksThroughAnAliasAreValid() {
        RouterConfig c = valid().fallbacks("llama", "c").build();

        assertThat(ConfigValidator.validate(c)).isEmpty();
    }

    @Test
    void valueRangesAndTimeoutsApplyToJavaConfigsToo() {
        RouterConfig c = valid()
                .model("coder", DeploymentConfig.builder("vllm-qwen", "q").weight(0).rpm(-1).build())
                .routerSettings(RouterSettings.builder().routingStrategy("fastest")
                        .timeouts(new Timeouts(Duration.ofSeconds(90), Duration.ofSeconds(60), Duration.ofSeconds(120),
                                Duration.ofSeconds(30), Duration.ofSeconds(300)))
                        .build())
                .build();

        assertThat(ConfigValidator.validate(c)).extracting(ConfigProblem::severity, ConfigProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ConfigProblem.Severity.WARNING, "router_settings.timeouts.attempt: the attempt "
                        + "timeout (90s) is longer than the request timeout (1m) that contains it"),
                org.assertj.core.groups.Tuple.tuple(ConfigProblem.Severity.ERROR, "models.coder.deployments[0].weight: weight must be "
                        + "positive, got 0"),
                org.assertj.core.groups.Tuple.tuple(ConfigProblem.Severity.ERROR, "models.coder.deployments[0].rpm: rpm must be "
                        + "positive, got -1"),
                org.assertj.core.groups.Tuple.tuple(ConfigProblem.Severity.ERROR, "router_settings.routing_strategy: unknown routing "
                        + "strategy 'fastest'"));
    }

    @Test
    void healthPathIsAPathOrAnAbsoluteHttpUrlAsTheProbeAcceptsIt() {
        ProviderConfig.Builder openai = ProviderConfig.builder("openai", ProviderType.OPENAI).baseUrl("https://api.openai.com/v1")
                .apiKey(Secret.of("sk-test"));
        RouterConfig fine = valid()
                .provider(ProviderConfig.builder("vllm-qwen", ProviderType.VLLM).baseUrl("http://127.0.0.1:8001")
                        .healthPath("http://127.0.0.1:8001/ready").build())
                .provider(ProviderConfig.builder("ollama", ProviderType.OLLAMA).baseUrl("http://127.0.0.1:11434")
                        .healthPath("/api/version").build())
                .provider(openai.healthPath("https://status.example.com/health").build()).build();
        assertThat(ConfigValidator.validate(fine)).isEmpty();

        RouterConfig bad = valid()
                .provider(ProviderConfig.builder("ollama", ProviderType.OLLAMA).baseUrl("http://127.0.0.1:11434")
                        .healthPath("health").build())
                .provider(openai.healthPath("http://status.example.com/health").build()).build();
        assertThat(ConfigValidator.validate(bad)).extracting(ConfigProblem::message).containsExactly(
                "providers.ollama.health_path: health_path must be a path starting with '/' or an absolute http(s) URL, "
                        + "got 'health'",
                "providers.openai.health_path: provider 'openai' is a cloud service (openai) but health_path uses plain http, "
                        + "which would send the API key unencrypted");
    }

    @Test
    void anEmptyKeyFromTheEnvironmentNamesTheVariable() {
        RouterConfig c = valid().provider(ProviderConfig.builder("openai", ProviderType.OPENAI).baseUrl("https://api.openai.com/v1")
                .apiKey(Secret.fromEnv("OPENAI_API_KEY", "")).build()).build();

        assertThat(ConfigValidator.validate(c)).extracting(ConfigProblem::message).containsExactly(
                "providers.openai.api_key: environment variable OPENAI_API_KEY is not set (needed by active provider 'openai')");
    }

    @Test
    void mockMapsBuiltInJavaAreCheckedForKeysAndTypes() {
        RouterConfig c = valid()
                .provider(ProviderConfig.builder("demo", ProviderType.MOCK)
                        .mock(Map.of("latency", "50ms", "failure", 503, "script", List.of("ok", "oops"),
                                "tool_call", Map.of("arguments", "{}", "nme", "f"))).build())
                .model("demo", DeploymentConfig.of("demo", "m"))
                .build();

        assertThat(ConfigValidator.validate(c)).extracting(ConfigProblem::message).containsExactlyInAnyOrder(
                "providers.demo.mock.latency: latency must be a duration",
                "providers.demo.mock.script[1]: 'oops' is not a mock outcome in script",
                "providers.demo.mock.tool_call.nme: unknown key 'nme' in tool_call",
                "providers.demo.mock.tool_call: tool_call needs a name");
    }

    @Test
    void theBuilderMergesPerModelLimitsIntoTheGroupsAndAConflictIsReported() {
        RateLimitSettings limits = RateLimitSettings.builder().limit("coder", new RateLimit(50, 100_000)).build();
        RouterConfig merged = valid().rateLimitSettings(limits).build();
        assertThat(merged.models().get("coder").limit()).isEqualTo(new RateLimit(50, 100_000));

        RouterConfig conflicting = valid().rateLimitSettings(limits)
                .model(ModelGroupConfig.builder("coder").deployment(DeploymentConfig.of("vllm-qwen", "q"))
                        .limit(new RateLimit(40, null)).build())
                .build();
        assertThat(ConfigValidator.validate(conflicting)).extracting(ConfigProblem::message).containsExactly(
                "rate_limit_settings.limits.coder.rpm: the rpm of model 'coder' is 50 here but 40 on the group "
                        + "(models.coder.rpm)");
    }
}
