package dev.llmrouter.internal.config.bind;

import dev.llmrouter.config.CacheSettings;
import dev.llmrouter.config.RedisSettings;
import dev.llmrouter.config.Secret;
import dev.llmrouter.internal.config.Suggestions;
import dev.llmrouter.internal.config.yaml.YNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Binds {@code cache} and {@code redis} (used by later features; parsed and checked now). A Redis
 * password written inline is a warning, like an API key. Thread-safe (static helpers).
 */
final class StoreBinder {
    static final List<String> CACHE_KEYS = List.of("enabled", "ttl", "max_entries");
    static final List<String> REDIS_KEYS = List.of("url", "user", "password", "key_prefix", "command_timeout",
            "on_redis_failure", "on_failure", "require_persistence", "database", "sentinel_master", "sentinels",
            "cluster_nodes", "redis_host", "redis_port", "redis_password");
    /** The default Redis key namespace. */
    static final String DEFAULT_PREFIX = RedisSettings.DEFAULT_PREFIX;
    /** The default Redis command timeout. */
    static final Duration DEFAULT_COMMAND_TIMEOUT = RedisSettings.DEFAULT_COMMAND_TIMEOUT;

    private StoreBinder() {
    }

    static CacheSettings cache(Section top, BindContext ctx) {
        CacheSettings d = CacheSettings.DEFAULTS;
        return top.section("cache", CACHE_KEYS, "cache")
                .map(s -> CacheSettings.builder().enabled(s.bool("enabled").orElse(d.enabled()))
                        .ttl(s.duration("ttl").orElse(d.ttl())).maxEntries(s.longInteger("max_entries").orElse(d.maxEntries()))
                        .build())
                .orElse(d);
    }

    static RedisSettings redis(Section top, BindContext ctx) {
        Optional<Section> section = top.section("redis", REDIS_KEYS, "redis");
        if (section.isEmpty()) {
            return null;
        }
        Section s = section.get();
        // the seed's spelling (redis_host, redis_port, redis_password) is accepted beside url/password
        Optional<String> url = s.string("url").or(() -> s.string("redis_host")
                .map(h -> "redis://" + h + ":" + s.integer("redis_port").orElse(6379)));
        if (url.isPresent() && s.has("url") && s.has("redis_host")) {
            ctx.problems().error(s.path("redis_host"), "redis has both url and redis_host", "keep one of them");
        }
        if (s.has("password") && s.has("redis_password")) {
            ctx.problems().error(s.path("redis_password"), "redis has both password and redis_password", "keep one of them");
        }
        if (s.has("on_failure") && s.has("on_redis_failure")) {
            ctx.problems().error(s.path("on_failure"), "redis has both on_failure and on_redis_failure",
                    "keep on_redis_failure");
        }
        List<String> sentinels = s.stringList("sentinels").orElse(List.of());
        List<String> nodes = s.stringList("cluster_nodes").orElse(List.of());
        if (url.isEmpty() && sentinels.isEmpty() && nodes.isEmpty()) {
            ctx.problems().error("redis", "the redis section has no url", "add url: redis://host:6379, or remove redis:");
        }
        String failure = s.has("on_redis_failure") ? "on_redis_failure" : "on_failure";
        return new RedisSettings(url.orElse(nodes.isEmpty() && sentinels.isEmpty() ? "" : "redis://"),
                s.string("user").orElse(null), password(s, ctx), s.string("key_prefix").orElse(DEFAULT_PREFIX),
                s.duration("command_timeout").orElse(DEFAULT_COMMAND_TIMEOUT),
                s.string(failure).map(v -> onFailure(v, failure, s, ctx)).orElse(RedisSettings.OnFailure.LOCAL),
                s.bool("require_persistence").orElse(false), s.integer("database").orElse(null),
                s.string("sentinel_master").orElse(null), sentinels, nodes);
    }

    private static Secret password(Section s, BindContext ctx) {
        String key = s.has("redis_password") ? "redis_password" : "password";
        Optional<YNode.Scalar> raw = s.scalar(key, "text");
        if (raw.isEmpty()) {
            return null;
        }
        String value = s.text(raw.get());
        List<String> vars = Interpolator.references(raw.get().value());
        if (vars.isEmpty()) {
            ctx.problems().warningAt(raw.get().location(), "the Redis password is written inline",
                    "use password: \"${REDIS_PASSWORD}\" so it stays out of the file");
            return Secret.of(value);
        }
        return Secret.fromEnv(vars.get(0), value);
    }

    private static RedisSettings.OnFailure onFailure(String v, String key, Section s, BindContext ctx) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "local" -> RedisSettings.OnFailure.LOCAL;
            case "fail" -> RedisSettings.OnFailure.FAIL;
            default -> {
                ctx.problems().error(s.path(key), "unknown " + key + " '" + v + "'",
                        Suggestions.hint(v, List.of("local", "fail"), "choices"));
                yield RedisSettings.OnFailure.LOCAL;
            }
        };
    }
}
