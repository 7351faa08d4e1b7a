package dev.llmrouter.internal.config.litellm;

import dev.llmrouter.config.CacheSettings;
import dev.llmrouter.config.FallbackConfig;
import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.config.RedisSettings;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.config.Secret;
import dev.llmrouter.config.Timeouts;
import dev.llmrouter.internal.config.Location;
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
 * strategy (LiteLLM spelling; without one, deployment {@code order}s make it {@code ordered}),
 * circuit ({@code allowed_fails} translated by one) and retry settings, the per-call timeout
 * ({@code router_settings.timeout}, else {@code litellm_settings.request_timeout}) as the attempt
 * timeout, {@code stream_timeout} for the deployments, aliases from {@code model_group_alias},
 * fallbacks of every kind, Redis host/port/password or URL, the cache with {@code cache_params},
 * and background health checks. Every other key is a warning at its line. Not thread-safe: one
 * per import.
 */
final class SettingsImporter {
    private static final Set<String> FALLBACK_KEYS = Set.of("fallbacks", "context_window_fallbacks",
            "content_policy_fallbacks", "default_fallbacks");
    private static final Set<String> ROUTER_KEYS = Set.of("routing_strategy", "allowed_fails", "cooldown_time", "num_retries",
            "timeout", "stream_timeout", "enable_pre_call_checks", "model_group_alias", "redis_host", "redis_port",
            "redis_password", "redis_url");
    private static final Set<String> LITELLM_KEYS = Set.of("request_timeout", "num_retries", "allowed_fails",
            "cooldown_time", "cache", "cache_params");
    private static final Set<String> CACHE_KEYS = Set.of("type", "ttl", "host", "port", "password", "url", "namespace");

    private final BindContext ctx;
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private RouterSettings settings = RouterSettings.DEFAULTS;
    private FallbackConfig fallbacks = FallbackConfig.NONE;
    private CacheSettings cache = CacheSettings.DEFAULTS;
    private RedisSettings redis;
    private Duration streamTimeout;
    private Section cacheParams;
    private Location streamTimeoutAt;

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

    /** Where {@code router_settings.stream_timeout} is written, or null. */
    Location streamTimeoutAt() {
        return streamTimeoutAt;
    }

    /** LiteLLM's default {@code stream_timeout} for deployments that set none, or null. */
    Duration streamTimeout() {
        return streamTimeout;
    }

    /**
     * Reads the settings. Where LiteLLM and llmrouter mean different things by a number, it is
     * translated: {@code allowed_fails} n (cool down after MORE than n failures) becomes n + 1 (open
     * at that many); the per-call {@code timeout} / {@code request_timeout} is the attempt timeout;
     * {@code router_settings.stream_timeout} becomes each deployment's streaming attempt timeout.
     * Where the file is silent, LiteLLM's own default is imported ({@link LiteLlmDefaults}; no
     * pre-call checks), so the imported router behaves as the proxy did. {@code router_settings}
     * wins over {@code litellm_settings}, as in LiteLLM.
     */
    void read(Section top, Map<String, ModelGroupConfig> models, boolean anyOrder) {
        RouterSettings.Builder b = RouterSettings.builder()
                .allowedFails(LiteLlmDefaults.toLlmrouter(LiteLlmDefaults.ALLOWED_FAILS))
                .cooldownTime(LiteLlmDefaults.COOLDOWN).numRetries(LiteLlmDefaults.NUM_RETRIES).enablePreCallChecks(false);
        Timeouts d = Timeouts.DEFAULTS;
        Duration[] attempt = {LiteLlmDefaults.TIMEOUT};
        Optional<Section> router = section(top, "router_settings");
        Optional<Section> litellm = section(top, "litellm_settings");
        litellm.ifPresent(l -> {
            warnUnknown(l, LITELLM_KEYS, true);
            layer(l, "request_timeout").ifPresent(t -> attempt[0] = t);
            l.integer("num_retries").ifPresent(b::numRetries);
            allowedFails(l, b);
            l.duration("cooldown_time").ifPresent(b::cooldownTime);
            cache(l);
        });
        router.ifPresent(r -> {
            warnUnknown(r, ROUTER_KEYS, true);
            strategy(r, anyOrder).ifPresent(b::routingStrategy);
            allowedFails(r, b);
            r.duration("cooldown_time").ifPresent(b::cooldownTime);
            r.integer("num_retries").ifPresent(b::numRetries);
            r.bool("enable_pre_call_checks").ifPresent(b::enablePreCallChecks);
            layer(r, "timeout").ifPresent(t -> attempt[0] = t);
            r.duration("stream_timeout").ifPresent(t -> {
                streamTimeout = t;
                streamTimeoutAt = ctx.problems().exact(r.path("stream_timeout"));
            });
            r.mapping("model_group_alias").ifPresent(this::aliases);
            redis(r);
        });
        cacheStore();
        if (router.map(r -> !r.has("routing_strategy")).orElse(true) && anyOrder) {
            b.routingStrategy("ordered");
        }
        b.timeouts(new Timeouts(attempt[0], d.request(), d.stream(), d.streamIdle(), d.overall()));
        section(top, "general_settings").ifPresent(g -> health(g, b));
        settings = b.build();
        fallbacks(router, litellm, models);
    }

    /** LiteLLM's {@code allowed_fails} n cools down on failure n + 1: llmrouter opens at n + 1. */
    private void allowedFails(Section s, RouterSettings.Builder b) {
        s.integer("allowed_fails").ifPresent(n -> {
            if (n < 0) {
                ctx.problems().error(s.path("allowed_fails"), "allowed_fails must be zero or more, got " + n,
                        "LiteLLM cools a deployment down after more than allowed_fails failures");
            } else {
                b.allowedFails(LiteLlmDefaults.toLlmrouter(n));
            }
        });
    }

    /**
     * {@code cache: true} with {@code cache_params}: the TTL maps to the response cache; a Redis
     * cache's connection becomes the shared-state Redis when {@code router_settings} names none (the
     * response cache itself stays in memory, per process: a warning says so); other keys are warnings.
     */
    private void cache(Section l) {
        Optional<Boolean> on = l.bool("cache");
        Optional<YNode.Mapping> params = l.mapping("cache_params");
        if (on.isEmpty() && params.isEmpty()) {
            return;
        }
        Section cp = params.map(m -> Section.lenient(ctx, m, "cache_params")).orElse(null);
        l.entry("cache").ifPresent(e -> {
            ctx.problems().place("cache", e.keyLocation());
            ctx.problems().place("cache.enabled", e.value().location());
        });
        if (cp != null) {
            ctx.problems().place("cache", cp.node().location());
            cp.entry("ttl").ifPresent(e -> ctx.problems().place("cache.ttl", e.value().location()));
        }
        Duration ttl = cp == null ? cache.ttl() : cp.duration("ttl").orElse(cache.ttl());
        cache = cache.toBuilder().enabled(on.orElse(false)).ttl(ttl).build();
        if (cp == null) {
            return;
        }
        for (YNode.Entry e : cp.node().entries()) {
            if (!CACHE_KEYS.contains(e.key())) {
                ctx.problems().warningAt(e.keyLocation(), "cache_params." + e.key() + " has no llmrouter equivalent and is ignored",
                        "llmrouter's response cache takes enabled, ttl and max_entries");
            }
        }
        cp.entry("namespace").ifPresent(e -> ctx.problems().warningAt(e.value().location(), "cache_params.namespace is "
                + "ignored", "the response cache lives under redis.key_prefix, with circuits and limits"));
        cacheParams = cp;
    }

    /**
     * Where the response cache lives: llmrouter keeps it on Redis when the configuration has a
     * {@code redis:} connection (shared by every process), in memory otherwise. A Redis cache's
     * connection becomes that connection when {@code router_settings} names none; anything that
     * ends up elsewhere than LiteLLM put it is a warning.
     */
    private void cacheStore() {
        if (cacheParams == null || !cache.enabled()) {
            return;
        }
        Section cp = cacheParams;
        String type = cp.string("type").map(String::trim).orElse("");
        Location at = cp.entry("type").map(e -> e.value().location()).orElse(cp.node().location());
        switch (type) {
            case "redis" -> {
                if (redis == null) {
                    redisFrom(cp, "host", "port", "password", "url");
                } else if (redisUrl(cp, "host", "port", "url").filter(u -> !u.equals(redis.url())).isPresent()) {
                    ctx.problems().warningAt(at, "the response cache uses the Redis of router_settings, not the one in "
                            + "cache_params", "llmrouter keeps circuits, limits and cached responses on one Redis");
                }
                if (redis == null) {
                    ctx.problems().warningAt(at, "cache_params names no Redis host: cached responses are kept in memory, "
                            + "one cache per process", "write cache_params.host (or router_settings.redis_host)");
                }
            }
            case "local", "" -> {
                if (redis != null) {
                    ctx.problems().warningAt(at, "the response cache is shared on Redis, not local to each process",
                            "llmrouter keeps its response cache where its shared state is");
                }
            }
            default -> ctx.problems().warningAt(at, "cache_params.type '" + type + "' has no llmrouter equivalent: the "
                    + "response cache is " + (redis == null ? "in memory" : "on Redis"), "use type: redis or local");
        }
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

    /** A per-call timeout: llmrouter's attempt layer, recorded at its line. */
    private Optional<Duration> layer(Section s, String key) {
        Optional<Duration> d = s.duration(key);
        d.ifPresent(x -> ctx.problems().place("router_settings.timeouts.attempt", ctx.problems().exact(s.path(key))));
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
        redisFrom(r, "redis_host", "redis_port", "redis_password", "redis_url");
    }

    private static Optional<String> redisUrl(Section r, String hostKey, String portKey, String urlKey) {
        return r.string(urlKey).or(() -> r.string(hostKey).map(h -> "redis://" + h + ":" + r.integer(portKey).orElse(6379)));
    }

    /** Redis settings from host/port/password (or a URL) under these keys, each value's variables resolved. */
    private void redisFrom(Section r, String hostKey, String portKey, String passwordKey, String urlKey) {
        Optional<String> url = redisUrl(r, hostKey, portKey, urlKey);
        if (url.isEmpty()) {
            return;
        }
        Secret password = r.scalar(passwordKey, "text").map(raw -> {
            Secret s = ImportSecrets.read(raw, passwordKey, ctx);
            if (s.isEmpty() && s.envVariable().isPresent()) {
                ctx.problems().errorAt(raw.location(), "environment variable " + s.envVariable().get() + " is not set",
                        "export it before starting");
            }
            return s;
        }).orElse(null);
        ctx.problems().place("redis", r.node().location());
        r.entry(urlKey).or(() -> r.entry(hostKey)).ifPresent(e -> ctx.problems().place("redis.url", e.value().location()));
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
