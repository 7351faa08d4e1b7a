package dev.llmrouter.internal.config.litellm;

import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.config.RateLimitSettings;
import dev.llmrouter.config.RedisSettings;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.config.Secret;
import dev.llmrouter.config.Timeouts;
import dev.llmrouter.internal.config.Durations;
import dev.llmrouter.internal.config.StrategyNames;
import dev.llmrouter.spi.provider.ProviderType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the LiteLLM proxy document for a configuration, as plain maps and lists, and notes every
 * llmrouter setting LiteLLM has no equivalent for. Deployments carry their effective rpm/tpm (own,
 * else provider's, else the type default) because LiteLLM has no per-type defaults. What LiteLLM
 * cannot express but a round trip must keep goes into {@code model_info} under {@code llmrouter_*}
 * keys, which LiteLLM stores and ignores: the provider's name and type, its parallel-request cap,
 * and the group-level limits. Keys are never written out: a key from an environment variable is
 * written as {@code os.environ/VAR}; an inline key as {@code os.environ/<PROVIDER>_API_KEY}, with a
 * note. Not thread-safe: one per export.
 */
public final class ExportBuilder {
    /** The {@code model_info} key naming the llmrouter provider. */
    public static final String INFO_PROVIDER = "llmrouter_provider";
    /** The {@code model_info} key naming the llmrouter provider type. */
    public static final String INFO_TYPE = "llmrouter_type";
    /** The {@code model_info} key for the group's rpm. */
    public static final String INFO_GROUP_RPM = "llmrouter_group_rpm";
    /** The {@code model_info} key for the group's tpm. */
    public static final String INFO_GROUP_TPM = "llmrouter_group_tpm";
    /** The {@code model_info} key for the provider's parallel-request cap. */
    public static final String INFO_PROVIDER_PARALLEL = "llmrouter_provider_max_parallel_requests";

    private final RouterConfig config;
    private final Set<String> notes = new LinkedHashSet<>();

    private ExportBuilder(RouterConfig config) {
        this.config = config;
    }

    /**
     * The document and its notes.
     *
     * @param document {@code model_list}, {@code router_settings}, {@code litellm_settings}, maybe {@code general_settings}
     * @param notes one line per setting without a LiteLLM equivalent
     */
    public record Result(Map<String, Object> document, List<String> notes) {
    }

    /** Builds the document for {@code config} (expected to be valid). */
    public static Result build(RouterConfig config) {
        ExportBuilder b = new ExportBuilder(config);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("model_list", b.modelList());
        Map<String, Object> router = b.routerSettings();
        if (!router.isEmpty()) {
            doc.put("router_settings", router);
        }
        Map<String, Object> litellm = b.litellmSettings();
        if (litellm != null) {
            doc.put("litellm_settings", litellm);
        }
        config.routerSettings().healthCheckInterval().ifPresent(d -> doc.put("general_settings",
                map("background_health_checks", true, "health_check_interval", Durations.seconds(d))));
        b.generalNotes();
        return new Result(doc, List.copyOf(b.notes));
    }

    private List<Object> modelList() {
        List<Object> out = new ArrayList<>();
        config.providers().values().stream().filter(p -> !p.isActive()).forEach(p ->
                notes.add("provider '" + p.name() + "' is disabled: it and its deployments are left out"));
        config.models().forEach((name, group) -> {
            for (DeploymentConfig d : group.deployments()) {
                ProviderConfig p = config.providers().get(d.provider());
                if (p == null) {
                    continue;
                }
                if (!p.isActive()) {
                    continue;
                }
                if (p.type() == ProviderType.CUSTOM) {
                    notes.add("provider '" + p.name() + "' is served by an adapter registered in code: its deployments are "
                            + "left out");
                    continue;
                }
                out.add(map("model_name", name, "litellm_params", params(group, d, p), "model_info", info(group, d, p)));
            }
        });
        return out;
    }

    private Map<String, Object> params(ModelGroupConfig group, DeploymentConfig d, ProviderConfig p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", LiteLlmModels.model(p.type(), d.model()));
        LiteLlmModels.apiBase(p).ifPresent(b -> m.put("api_base", b));
        if (p.type() == ProviderType.AZURE) {
            m.put("api_version", p.apiVersion());
        }
        p.apiKey().ifPresent(k -> m.put("api_key", "os.environ/" + envName(p, k)));
        if (config.rateLimitSettings().enabled()) {
            RateLimit limit = config.deploymentLimit(d);
            putIfSet(m, "rpm", limit.rpm());
            putIfSet(m, "tpm", limit.tpm());
        }
        if (d.weight() != 1) {
            m.put("weight", d.weight());
        }
        if (config.routerSettings().routingStrategy().equals("ordered")
                || group.deployments().stream().anyMatch(x -> x.order() != 1)) {
            m.put("order", d.order()); // LiteLLM tries the lowest order first under any strategy, as llmrouter does
        }
        d.maxParallelRequests().ifPresent(n -> m.put("max_parallel_requests", n));
        d.timeout().or(p::attemptTimeout).ifPresent(t -> m.put("timeout", Durations.seconds(t)));
        if (sharedStreamTimeout().isEmpty()) {
            d.streamTimeout().ifPresent(t -> m.put("stream_timeout", Durations.seconds(t)));
        }
        d.inputCostPerToken().ifPresent(c -> m.put("input_cost_per_token", c));
        d.outputCostPerToken().ifPresent(c -> m.put("output_cost_per_token", c));
        if (!d.tags().isEmpty()) {
            m.put("tags", d.tags().stream().sorted().toList());
        }
        if (p.type() == ProviderType.MOCK) {
            m.put("mock_response", String.valueOf(p.mock().getOrDefault("response", "mock reply")));
            if (p.mock().keySet().stream().anyMatch(k -> !k.equals("response"))) {
                notes.add("mock provider '" + p.name() + "': only its response is exported (as mock_response)");
            }
        }
        if (!p.headers().isEmpty()) {
            notes.add("provider '" + p.name() + "': extra headers are not exported (their values may be secrets)");
        }
        return m;
    }

    private String envName(ProviderConfig p, Secret key) {
        return key.envVariable().orElseGet(() -> {
            String var = p.name().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_") + "_API_KEY";
            notes.add("provider '" + p.name() + "' has its API key inline; the export reads it from " + var + " instead");
            return var;
        });
    }

    private Map<String, Object> info(ModelGroupConfig group, DeploymentConfig d, ProviderConfig p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(INFO_PROVIDER, p.name());
        m.put(INFO_TYPE, p.type().wireName());
        d.maxInputTokens().ifPresent(n -> m.put("max_input_tokens", n));
        p.maxParallelRequests().ifPresent(n -> m.put(INFO_PROVIDER_PARALLEL, n));
        if (config.rateLimitSettings().enabled()) {
            putIfSet(m, INFO_GROUP_RPM, group.limit().rpm());
            putIfSet(m, INFO_GROUP_TPM, group.limit().tpm());
            if (group.limit().rpm() != null || group.limit().tpm() != null) {
                notes.add("group limits (model '" + group.name() + "') are kept in model_info for llmrouter; LiteLLM does not "
                        + "enforce them");
            }
        }
        return m;
    }

    /**
     * {@code router_settings}, writing only what differs from LiteLLM's own defaults
     * ({@link LiteLlmDefaults}: a key left out means the same there). {@code allowed_fails} is
     * translated: llmrouter opens at n failures, LiteLLM cools down after more than n - 1. A
     * {@code stream_timeout} every deployment shares is written here once.
     */
    private Map<String, Object> routerSettings() {
        RouterSettings s = config.routerSettings();
        Map<String, Object> m = new LinkedHashMap<>();
        String strategy = StrategyNames.toLiteLlm(s.routingStrategy());
        if (!strategy.equals(LiteLlmDefaults.STRATEGY)) {
            m.put("routing_strategy", strategy);
        }
        if (s.routingStrategy().startsWith(StrategyNames.CUSTOM_PREFIX)) {
            notes.add("routing strategy '" + s.routingStrategy() + "' is exported as simple-shuffle");
        }
        if (LiteLlmDefaults.toLiteLlm(s.allowedFails()) != LiteLlmDefaults.ALLOWED_FAILS) {
            m.put("allowed_fails", LiteLlmDefaults.toLiteLlm(s.allowedFails()));
        }
        if (!s.cooldownTime().equals(LiteLlmDefaults.COOLDOWN)) {
            m.put("cooldown_time", Durations.seconds(s.cooldownTime()));
        }
        if (s.numRetries() != LiteLlmDefaults.NUM_RETRIES) {
            m.put("num_retries", s.numRetries());
        }
        if (!s.timeouts().attempt().equals(LiteLlmDefaults.TIMEOUT)) {
            m.put("timeout", Durations.seconds(s.timeouts().attempt()));
        }
        sharedStreamTimeout().ifPresent(t -> m.put("stream_timeout", Durations.seconds(t)));
        if (s.enablePreCallChecks()) {
            m.put("enable_pre_call_checks", true);
        }
        if (!config.aliases().isEmpty()) {
            m.put("model_group_alias", new LinkedHashMap<>(config.aliases()));
        }
        chains(m, "fallbacks", config.fallbacks().general());
        chains(m, "context_window_fallbacks", config.fallbacks().contextWindow());
        chains(m, "content_policy_fallbacks", config.fallbacks().contentPolicy());
        if (!config.fallbacks().defaults().isEmpty()) {
            m.put("default_fallbacks", config.fallbacks().defaults());
        }
        config.redis().ifPresent(r -> {
            redis(m, "redis_");
            notes.add("redis: only host, port and password are exported");
        });
        return m;
    }

    /** The {@code stream_timeout} of every exported deployment, when all have the same one. */
    private Optional<Duration> sharedStreamTimeout() {
        Set<Optional<Duration>> seen = new LinkedHashSet<>();
        config.models().values().forEach(g -> g.deployments().stream().filter(this::exported)
                .forEach(d -> seen.add(d.streamTimeout())));
        return seen.size() == 1 ? seen.iterator().next() : Optional.empty();
    }

    private boolean exported(DeploymentConfig d) {
        ProviderConfig p = config.providers().get(d.provider());
        return p != null && p.isActive() && p.type() != ProviderType.CUSTOM;
    }

    private static void chains(Map<String, Object> m, String key, Map<String, List<String>> chains) {
        if (!chains.isEmpty()) {
            List<Object> list = new ArrayList<>();
            chains.forEach((model, targets) -> list.add(map(model, targets)));
            m.put(key, list);
        }
    }

    /** {@code litellm_settings}: the response cache, when on; null when there is nothing to write. */
    private Map<String, Object> litellmSettings() {
        if (!config.cache().enabled()) {
            return null;
        }
        if (config.cache().maxEntries() != dev.llmrouter.config.CacheSettings.DEFAULTS.maxEntries()) {
            notes.add("cache.max_entries (" + config.cache().maxEntries() + "): LiteLLM's local cache has no size setting");
        }
        // with a redis: section llmrouter's cache is shared on it, as LiteLLM's Redis cache is
        Map<String, Object> params = map("type", config.redis().isPresent() ? "redis" : "local");
        if (config.redis().isPresent()) {
            redis(params, "");
        }
        params.put("ttl", Durations.seconds(config.cache().ttl()));
        return map("cache", true, "cache_params", params);
    }

    /** The Redis host, port and password (as {@code os.environ/VAR}) under keys with {@code prefix}. */
    private void redis(Map<String, Object> m, String prefix) {
        RedisSettings r = config.redis().orElseThrow();
        URI u = URI.create(r.url());
        m.put(prefix + "host", u.getHost());
        m.put(prefix + "port", u.getPort() < 0 ? 6379 : u.getPort());
        r.passwordValue().ifPresent(pw -> m.put(prefix + "password", "os.environ/" + pw.envVariable().orElse("REDIS_PASSWORD")));
    }

    private void generalNotes() {
        RouterSettings s = config.routerSettings();
        Timeouts t = s.timeouts();
        notes.add("timeouts.request (" + Durations.format(t.request()) + "), timeouts.stream (" + Durations.format(t.stream())
                + "), timeouts.stream_idle (" + Durations.format(t.streamIdle()) + ") and timeouts.overall ("
                + Durations.format(t.overall()) + "): LiteLLM bounds each call only (timeout, stream_timeout)");
        RouterSettings d = RouterSettings.DEFAULTS;
        if (!s.failureWindow().equals(d.failureWindow()) || s.cooldownMultiplier() != d.cooldownMultiplier()
                || !s.maxCooldown().equals(d.maxCooldown()) || s.waitForRecovery() != d.waitForRecovery()) {
            notes.add("router_settings failure_window, cooldown_multiplier, max_cooldown and wait_for_recovery");
        }
        if (!s.backoff().equals(d.backoff())) {
            notes.add("router_settings.retry_backoff");
        }
        RateLimitSettings r = config.rateLimitSettings();
        if (!r.enabled()) {
            notes.add("rate_limit_settings.enabled: false (no rpm/tpm are exported)");
        }
        if (r.mode() == RateLimitSettings.Mode.WAIT) {
            notes.add("rate_limit_settings.mode: wait");
        }
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static void putIfSet(Map<String, Object> m, String key, Integer value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
