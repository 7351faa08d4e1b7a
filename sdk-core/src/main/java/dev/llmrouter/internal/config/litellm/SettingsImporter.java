package dev.llmrouter.internal.config.litellm;

import dev.llmrouter.config.CacheSettings;
import dev.llmrouter.config.FallbackConfig;
import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.config.RedisSettings;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.config.Secret;
import dev.llmrouter.config.Timeouts;
import dev.llmrouter.internal.config.Paths;
import dev.llmrouter.internal.config.StrategyNames;
import dev.llmrouter.internal.config.bind.BindContext;
import dev.llmrouter.internal.config.bind.FallbackBinder;
import dev.llmrouter.internal.config.bind.Section;
import dev.llmrouter.internal.config.yaml.YNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads LiteLLM's {@code router_settings}, {@code litellm_settings} and {@code general_settings}:
 * strategy (LiteLLM spelling; {@code simple-shuffle} with deployment {@code order}s becomes
 * {@code ordered}), circuit and retry settings, the timeout layers ({@code router_settings.timeout}
 * = attempt, {@code request_timeout}, {@code stream_timeout}, {@code litellm_settings.timeout} =
 * overall, as the seed used them), aliases from {@code model_group_alias}, fallbacks of every kind,
 * Redis host/port/password, the cache switch and background health checks. Every other key is a
 * warning. Not thread-safe: one per import.
 */
final class SettingsImporter {
    private static final Set<String> FALLBACK_KEYS = Set.of("fallbacks", "context_window_fallbacks",
            "content_policy_fallbacks", "default_fallbacks");
    private static final Set<String> ROUTER_KEYS = Set.of("routing_strategy", "allowed_fails", "cooldown_time", "num_retries",
            "timeout", "enable_pre_call_checks", "model_group_alias", "redis_host", "redis_port", "redis_password", "redis_url");
    private static final Set<String> LITELLM_KEYS = Set.of("request_timeout", "stream_timeout", "timeout", "num_retries",
            "cache", "cache_params");

    private final BindContext ctx;
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private RouterSettings settings = RouterSettings.DEFAULTS;
    private FallbackConfig fallbacks = FallbackConfig.NONE;
    private CacheSettings cache = CacheSettings.DEFAULTS;
    private RedisSettings redis;

    SettingsImporter(BindContext ctx) {
        this.ctx = ctx;
    }

    Map<String, String> aliases() {
        return aliases;
    }

    RouterSettings settings() {
        return settings;
    }

    FallbackConfig fallbacks() {
        return fallbacks;
    }

    CacheSettings cache() {
        return cache;
    }

    RedisSettings redis() {
        return redis;
    }

    void read(Section top, Map<String, ModelGroupConfig> models, boolean anyOrder) {
        RouterSettings.Builder b = RouterSettings.builder();
        Timeouts d = Timeouts.DEFAULTS;
        Duration[] layers = {d.attempt(), d.request(), d.stream(), d.streamIdle(), d.overall()};
        Optional<Section> router = section(top, "router_settings");
        Optional<Section> litellm = section(top, "litellm_settings");
        router.ifPresent(r -> {
            warnUnknown(r, ROUTER_KEYS, true);
            strategy(r, anyOrder).ifPresent(b::routingStrategy);
            r.integer("allowed_fails").ifPresent(b::allowedFails);
            r.duration("cooldown_time").ifPresent(b::cooldownTime);
            r.integer("num_retries").ifPresent(b::numRetries);
            r.bool("enable_pre_call_checks").ifPresent(b::enablePreCallChecks);
            layer(r, "timeout", "attempt").ifPresent(t -> layers[0] = t);
            r.mapping("model_group_alias").ifPresent(this::aliases);
            redis(r);
        });
        if (router.isEmpty() && anyOrder) {
            b.routingStrategy("ordered");
        }
        litellm.ifPresent(l -> {
            warnUnknown(l, LITELLM_KEYS, true);
            layer(l, "request_timeout", "request").ifPresent(t -> layers[1] = t);
            layer(l, "stream_timeout", "stream").ifPresent(t -> layers[2] = t);
            layer(l, "timeout", "overall").ifPresent(t -> layers[4] = t);
            if (router.map(r -> !r.has("num_retries")).orElse(true)) {
                l.integer("num_retries").ifPresent(b::numRetries);
            }
            l.bool("cache").ifPresent(on -> cache = CacheSettings.builder().enabled(on).ttl(l.mapping("cache_params")
                    .flatMap(cp -> Section.lenient(ctx, cp, "cache").duration("ttl")).orElse(cache.ttl()))
                    .maxEntries(cache.maxEntries()).build());
        });
        b.timeouts(new Timeouts(layers[0], layers[1], layers[2], layers[3], layers[4]));
        section(top, "general_settings").ifPresent(g -> health(g, b));
        settings = b.build();
        fallbacks(router, litellm, models);
    }

    private Optional<Section> section(Section top, String key) {
        return top.mapping(key).map(m -> Section.lenient(ctx, m, key));
    }

    private Optional<String> strategy(Section r, boolean anyOrder) {
        return r.string("routing_strategy").map(name -> {
            String ours = StrategyNames.canonical(name.trim()).orElse(null);
            if (ours == null) {
                ctx.problems().warning(r.path("routing_strategy"), "LiteLLM routing strategy '" + name
                        + "' has no llmrouter equivalent; simple-shuffle is used", "pick one of " + String.join(", ", StrategyNames.BUILT_IN));
                ours = "simple-shuffle";
            }
            return ours.equals("simple-shuffle") && anyOrder ? "ordered" : ours;
        });
    }

    private Optional<Duration> layer(Section s, String key, String layer) {
        Optional<Duration> d = s.duration(key);
        d.ifPresent(x -> ctx.problems().place(Paths.child("router_settings.timeouts", layer), ctx.problems().exact(s.path(key))));
        return d;
    }

    private void aliases(YNode.Mapping m) {
        Section s = Section.lenient(ctx, m, "aliases");
        for (YNode.Entry e : m.entries()) {
            if (e.value() instanceof YNode.Mapping target) {
                Section.lenient(ctx, target, Paths.child("aliases", e.key())).string("model")
                        .ifPresent(g -> aliases.put(e.key(), g));
                ctx.problems().place(Paths.child("aliases", e.key()), e.keyLocation());
            } else {
                s.string(e.key()).ifPresent(g -> aliases.put(e.key(), g));
            }
        }
    }

    private void redis(Section r) {
        Optional<String> url = r.string("redis_url").or(() -> r.string("redis_host")
                .map(h -> "redis://" + h + ":" + r.integer("redis_port").orElse(6379)));
        if (url.isEmpty()) {
            return;
        }
        Secret password = r.scalar("redis_password", "text").map(raw -> {
            Secret s = ImportSecrets.read(raw, "redis_password", ctx);
            if (s.isEmpty() && s.envVariable().isPresent()) {
                ctx.problems().errorAt(raw.location(), "environment variable " + s.envVariable().get() + " is not set",
                        "export it before starting");
            }
            return s;
        }).orElse(null);
        ctx.problems().place("redis", r.node().location());
        redis = RedisSettings.builder(url.get()).password(password).build();
    }

    private void health(Section g, RouterSettings.Builder b) {
        warnUnknown(g, Set.of("background_health_checks", "health_check_interval"), false);
        if (g.bool("background_health_checks").orElse(false)) {
            b.healthCheckInterval(g.duration("health_check_interval").orElse(Duration.ofMinutes(5)));
        }
    }

    private void fallbacks(Optional<Section> router, Optional<Section> litellm, Map<String, ModelGroupConfig> models) {
        boolean inRouter = router.map(r -> FALLBACK_KEYS.stream().anyMatch(r::has)).orElse(false);
        if (inRouter && litellm.isPresent()) {
            for (String k : FALLBACK_KEYS) {
                litellm.get().keyLocation(k).filter(x -> litellm.get().has(k)).ifPresent(at -> ctx.problems().warningAt(at,
                        "litellm_settings." + k + " is ignored because router_settings sets fallbacks too", "keep them in one place"));
            }
        }
        Optional<Section> source = inRouter ? router : litellm;
        source.ifPresent(s -> fallbacks = FallbackBinder.bind(s, ctx, models, aliases));
    }

    private void warnUnknown(Section s, Set<String> known, boolean fallbacksToo) {
        for (YNode.Entry e : s.node().entries()) {
            if (!known.contains(e.key()) && !(fallbacksToo && FALLBACK_KEYS.contains(e.key()))) {
                ctx.problems().warningAt(e.keyLocation(), s.path() + "." + e.key() + " has no llmrouter equivalent and is ignored",
                        "see the llmrouter configuration reference for what replaces it, if anything");
            }
        }
    }
}
