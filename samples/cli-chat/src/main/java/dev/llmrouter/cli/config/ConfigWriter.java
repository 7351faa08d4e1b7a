package dev.llmrouter.cli.config;

import dev.llmrouter.cli.text.Values;
import dev.llmrouter.config.Backoff;
import dev.llmrouter.config.CacheSettings;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.FallbackConfig;
import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.config.RateLimitSettings;
import dev.llmrouter.config.RedisSettings;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.config.Secret;
import dev.llmrouter.config.Timeouts;
import dev.llmrouter.spi.provider.ProviderType;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Writes a {@link RouterConfig} as llmrouter YAML in the canonical shape (DESIGN section 5), with
 * only the values that differ from the defaults, so {@code import-litellm} produces a file a person
 * can read and edit. Secrets are written as {@code ${VAR}} references, never as values: a key that
 * was inline becomes a reference to a variable named after its provider, and {@code notes} says
 * which to export. Reading the text back with the {@code ConfigLoader} gives the same
 * configuration. Stateless and thread-safe.
 */
public final class ConfigWriter {
    private ConfigWriter() {
    }

    /**
     * The configuration as YAML.
     *
     * @param config the configuration
     * @param notes receives one line per thing the reader must do by hand (an inline key left out)
     */
    public static String yaml(RouterConfig config, Consumer<String> notes) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> providers = new LinkedHashMap<>();
        config.providers().forEach((name, p) -> providers.put(name, provider(p, notes)));
        root.put("providers", providers);
        Map<String, Object> models = new LinkedHashMap<>();
        config.models().forEach((name, g) -> models.put(name, group(g)));
        root.put("models", models);
        putIfNotEmpty(root, "aliases", config.aliases());
        FallbackConfig f = config.fallbacks();
        putIfNotEmpty(root, "fallbacks", f.general());
        putIfNotEmpty(root, "context_window_fallbacks", f.contextWindow());
        putIfNotEmpty(root, "content_policy_fallbacks", f.contentPolicy());
        if (!f.defaults().isEmpty()) {
            root.put("default_fallbacks", f.defaults());
        }
        root.put("router_settings", routerSettings(config.routerSettings()));
        putIfNotEmpty(root, "rate_limit_settings", rateLimits(config.rateLimitSettings()));
        putIfNotEmpty(root, "cache", cache(config.cache()));
        config.redis().ifPresent(r -> root.put("redis", redis(r, notes)));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        return new Yaml(options).dump(root);
    }

    private static Map<String, Object> provider(ProviderConfig p, Consumer<String> notes) {
        ProviderConfig d = ProviderConfig.builder(p.name(), p.type()).build();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", p.type().wireName());
        if (!p.baseUrl().isEmpty()) {
            m.put("base_url", p.baseUrl());
        }
        if (!p.isActive()) {
            m.put("status", "disabled");
        }
        p.note().ifPresent(n -> m.put("note", n));
        p.apiKey().ifPresent(k -> secret(k, "api_key", "provider " + p.name(), variableFor(p.name(), "_API_KEY"), m, notes));
        if (!p.headers().isEmpty()) {
            m.put("headers", new LinkedHashMap<>(p.headers()));
        }
        p.maxParallelRequests().ifPresent(n -> m.put("max_parallel_requests", n));
        p.rpm().ifPresent(n -> m.put("rpm", n));
        p.tpm().ifPresent(n -> m.put("tpm", n));
        p.healthPath().ifPresent(h -> m.put("health_path", h));
        if (p.allowInsecureHttp()) {
            m.put("allow_insecure_http", true);
        }
        p.attemptTimeout().ifPresent(t -> m.put("timeout", Values.durationText(t)));
        differs(m, "default_max_tokens", p.defaultMaxTokens(), d.defaultMaxTokens());
        p.keepAlive().ifPresent(k -> m.put("keep_alive", k));
        p.numCtx().ifPresent(n -> m.put("num_ctx", n));
        differs(m, "anthropic_version", p.anthropicVersion(), d.anthropicVersion());
        if (p.type() == ProviderType.AZURE) {
            differs(m, "api_version", p.apiVersion(), d.apiVersion());
        }
        differs(m, "max_response_bytes", p.maxResponseBytes(), d.maxResponseBytes());
        differs(m, "max_line_bytes", p.maxLineBytes(), d.maxLineBytes());
        if (!p.mock().isEmpty()) {
            Map<String, Object> mock = new LinkedHashMap<>();
            p.mock().forEach((k, v) -> mock.put(k, v instanceof Duration dur ? Values.durationText(dur) : v));
            m.put("mock", mock);
        }
        return m;
    }

    /**
     * A secret as a {@code ${VAR}} reference: its own variable, or for a value that was written
     * inline a variable named after its owner ({@code CLOUD_API_KEY}), which the user must export.
     */
    private static void secret(Secret s, String key, String owner, String suggested, Map<String, Object> into,
                               Consumer<String> notes) {
        String variable = s.envVariable().orElseGet(() -> {
            notes.accept(owner + ": its " + key + " was written inline and is not copied; export " + suggested
                    + " with its value");
            return suggested;
        });
        into.put(key, "${" + variable + "}");
    }

    private static String variableFor(String name, String suffix) {
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + suffix;
    }

    private static Map<String, Object> group(ModelGroupConfig g) {
        Map<String, Object> m = new LinkedHashMap<>();
        limit(m, g.limit());
        if (g.cache()) {
            m.put("cache", true);
        }
        List<Object> deployments = new ArrayList<>();
        for (DeploymentConfig d : g.deployments()) {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("provider", d.provider());
            dm.put("model", d.model());
            differs(dm, "weight", d.weight(), 1);
            differs(dm, "order", d.order(), 1);
            limit(dm, d.limit());
            d.maxInputTokens().ifPresent(n -> dm.put("max_input_tokens", n));
            d.maxParallelRequests().ifPresent(n -> dm.put("max_parallel_requests", n));
            d.timeout().ifPresent(t -> dm.put("timeout", Values.durationText(t)));
            d.streamTimeout().ifPresent(t -> dm.put("stream_timeout", Values.durationText(t)));
            d.inputCostPerToken().ifPresent(c -> dm.put("input_cost_per_token", c));
            d.outputCostPerToken().ifPresent(c -> dm.put("output_cost_per_token", c));
            if (!d.tags().isEmpty()) {
                dm.put("tags", new ArrayList<>(new TreeSet<>(d.tags())));
            }
            deployments.add(dm);
        }
        m.put("deployments", deployments);
        return m;
    }

    private static Map<String, Object> routerSettings(RouterSettings s) {
        RouterSettings d = RouterSettings.DEFAULTS;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("routing_strategy", s.routingStrategy());
        m.put("allowed_fails", s.allowedFails());
        m.put("cooldown_time", Values.durationText(s.cooldownTime()));
        differs(m, "failure_window", Values.durationText(s.failureWindow()), Values.durationText(d.failureWindow()));
        differs(m, "cooldown_multiplier", s.cooldownMultiplier(), d.cooldownMultiplier());
        differs(m, "max_cooldown", Values.durationText(s.maxCooldown()), Values.durationText(d.maxCooldown()));
        m.put("num_retries", s.numRetries());
        if (!s.backoff().equals(d.backoff())) {
            Backoff b = s.backoff();
            Map<String, Object> bm = new LinkedHashMap<>();
            bm.put("initial", Values.durationText(b.initial()));
            bm.put("max", Values.durationText(b.max()));
            bm.put("multiplier", b.multiplier());
            bm.put("jitter", b.jitter());
            bm.put("max_server_delay", Values.durationText(b.maxServerDelay()));
            m.put("retry_backoff", bm);
        }
        Timeouts t = s.timeouts();
        Map<String, Object> tm = new LinkedHashMap<>();
        tm.put("attempt", Values.durationText(t.attempt()));
        tm.put("request", Values.durationText(t.request()));
        tm.put("stream", Values.durationText(t.stream()));
        tm.put("stream_idle", Values.durationText(t.streamIdle()));
        tm.put("overall", Values.durationText(t.overall()));
        m.put("timeouts", tm);
        differs(m, "enable_pre_call_checks", s.enablePreCallChecks(), d.enablePreCallChecks());
        differs(m, "wait_for_recovery", s.waitForRecovery(), d.waitForRecovery());
        s.healthCheckInterval().ifPresent(i -> m.put("health_check_interval", Values.durationText(i)));
        return m;
    }

    private static Map<String, Object> rateLimits(RateLimitSettings s) {
        RateLimitSettings d = RateLimitSettings.DEFAULTS;
        Map<String, Object> m = new LinkedHashMap<>();
        differs(m, "enabled", s.enabled(), d.enabled());
        differs(m, "mode", s.mode().name().toLowerCase(Locale.ROOT), d.mode().name().toLowerCase(Locale.ROOT));
        if (!s.limits().isEmpty()) {
            Map<String, Object> limits = new LinkedHashMap<>();
            s.limits().forEach((g, l) -> {
                Map<String, Object> lm = new LinkedHashMap<>();
                limit(lm, l);
                limits.put(g, lm);
            });
            m.put("limits", limits);
        }
        if (!s.typeDefaults().equals(d.typeDefaults())) {
            Map<String, Object> defaults = new LinkedHashMap<>();
            s.typeDefaults().forEach((type, l) -> {
                Map<String, Object> lm = new LinkedHashMap<>();
                limit(lm, l);
                defaults.put(type.wireName(), lm);
            });
            m.put("defaults", defaults);
        }
        differs(m, "default_output_tokens", s.defaultOutputTokens(), d.defaultOutputTokens());
        return m;
    }

    private static Map<String, Object> cache(CacheSettings c) {
        CacheSettings d = CacheSettings.DEFAULTS;
        Map<String, Object> m = new LinkedHashMap<>();
        differs(m, "enabled", c.enabled(), d.enabled());
        differs(m, "ttl", Values.durationText(c.ttl()), Values.durationText(d.ttl()));
        differs(m, "max_entries", c.maxEntries(), d.maxEntries());
        return m;
    }

    private static Map<String, Object> redis(RedisSettings r, Consumer<String> notes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", r.url());
        if (r.user() != null) {
            m.put("user", r.user());
        }
        r.passwordValue().ifPresent(pw -> secret(pw, "password", "redis", "REDIS_PASSWORD", m, notes));
        m.put("key_prefix", r.keyPrefix());
        m.put("command_timeout", Values.durationText(r.commandTimeout()));
        m.put("on_failure", r.onFailure().name().toLowerCase(Locale.ROOT));
        if (r.requirePersistence()) {
            m.put("require_persistence", true);
        }
        return m;
    }

    private static void limit(Map<String, Object> m, RateLimit l) {
        if (l.rpm() != null) {
            m.put("rpm", l.rpm());
        }
        if (l.tpm() != null) {
            m.put("tpm", l.tpm());
        }
    }

    private static void differs(Map<String, Object> m, String key, Object value, Object dflt) {
        if (!value.equals(dflt)) {
            m.put(key, value);
        }
    }

    private static void putIfNotEmpty(Map<String, Object> m, String key, Map<String, ?> value) {
        if (!value.isEmpty()) {
            m.put(key, new LinkedHashMap<>(value));
        }
    }
}
