package dev.llmrouter.internal.routing;

import dev.llmrouter.config.Backoff;
import dev.llmrouter.config.CacheSettings;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.FallbackConfig;
import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RateLimitSettings;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.testing.canary.SecretsCanary;
import dev.llmrouter.config.Secret;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.config.Timeouts;
import dev.llmrouter.spi.provider.ProviderType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds router configurations for tests, with mock providers by default. */
final class TestConfig {
    final Map<String, ProviderConfig> providers = new LinkedHashMap<>();
    final Map<String, ModelGroupConfig> models = new LinkedHashMap<>();
    final Map<String, String> aliases = new LinkedHashMap<>();
    final Map<String, List<String>> fallbacks = new LinkedHashMap<>();
    final Map<String, List<String>> contextFallbacks = new LinkedHashMap<>();
    final Map<String, List<String>> policyFallbacks = new LinkedHashMap<>();
    List<String> defaultFallbacks = List.of();
    String strategy = "simple-shuffle";
    int allowedFails = 5;
    Duration cooldown = Duration.ofSeconds(60);
    int numRetries = 2;
    Backoff backoff = Backoff.DEFAULTS;
    Timeouts timeouts = Timeouts.DEFAULTS;
    boolean preCallChecks = true;
    boolean waitForRecovery;
    Duration healthInterval;
    RateLimitSettings rateLimits = RateLimitSettings.DEFAULTS;
    CacheSettings cache = CacheSettings.DEFAULTS;

    static TestConfig create() {
        return new TestConfig();
    }

    TestConfig mock(String name, Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        providers.put(name, ProviderConfig.builder(name, ProviderType.MOCK).mock(m).build());
        return this;
    }

    /** An OpenAI-compatible provider on its own local port, for a test adapter registered in code. */
    TestConfig custom(String name) {
        return provider(ProviderConfig.builder(name, ProviderType.OPENAI_COMPATIBLE)
                .baseUrl("http://127.0.0.1:" + (20000 + providers.size())).apiKey(Secret.of(SecretsCanary.OPENAI)).build());
    }

    /** As {@link #custom(String)}, with more settings. */
    TestConfig custom(String name, java.util.function.UnaryOperator<ProviderConfig.Builder> more) {
        return provider(more.apply(ProviderConfig.builder(name, ProviderType.OPENAI_COMPATIBLE)
                .baseUrl("http://127.0.0.1:" + (20000 + providers.size())).apiKey(Secret.of(SecretsCanary.OPENAI))).build());
    }

    TestConfig provider(ProviderConfig p) {
        providers.put(p.name(), p);
        return this;
    }

    TestConfig group(String name, DeploymentConfig... deployments) {
        models.put(name, ModelGroupConfig.of(name, Arrays.asList(deployments)));
        return this;
    }

    TestConfig group(ModelGroupConfig g) {
        models.put(g.name(), g);
        return this;
    }

    static DeploymentConfig dep(String provider, String model) {
        return DeploymentConfig.of(provider, model);
    }

    static DeploymentConfig window(String provider, String model, int maxInput) {
        return DeploymentConfig.builder(provider, model).maxInputTokens(maxInput).build();
    }

    TestConfig alias(String alias, String group) {
        aliases.put(alias, group);
        return this;
    }

    TestConfig fallbacks(String group, String... chain) {
        fallbacks.put(group, List.of(chain));
        return this;
    }

    TestConfig contextFallbacks(String group, String... chain) {
        contextFallbacks.put(group, List.of(chain));
        return this;
    }

    TestConfig policyFallbacks(String group, String... chain) {
        policyFallbacks.put(group, List.of(chain));
        return this;
    }

    TestConfig timeouts(Duration attempt, Duration request, Duration stream, Duration idle, Duration overall) {
        this.timeouts = new Timeouts(attempt, request, stream, idle, overall);
        return this;
    }

    TestConfig noBackoffJitter(Duration initial) {
        Duration max = initial.compareTo(Duration.ofSeconds(8)) > 0 ? initial : Duration.ofSeconds(8);
        this.backoff = new Backoff(initial, max, 2.0, 0, Duration.ofSeconds(120));
        return this;
    }

    RouterConfig build() {
        RouterSettings s = RouterSettings.builder().routingStrategy(strategy).allowedFails(allowedFails)
                .cooldownTime(cooldown).numRetries(numRetries).backoff(backoff).timeouts(timeouts)
                .enablePreCallChecks(preCallChecks).waitForRecovery(waitForRecovery).healthCheckInterval(healthInterval)
                .build();
        return RouterConfig.builder().providers(providers.values()).models(models.values()).aliases(aliases)
                .fallbacks(new FallbackConfig(fallbacks, contextFallbacks, policyFallbacks, new ArrayList<>(defaultFallbacks)))
                .routerSettings(s).rateLimitSettings(rateLimits).cache(cache).build();
    }
}
