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
            "on_failure", "require_persistence");
    /** The default Redis key namespace. */
    static final String DEFAULT_PREFIX = "llmrouter:";
    /** The default Redis command timeout. */
    static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);

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
        Optional<String> url = s.string("url");
        if (url.isEmpty()) {
            ctx.problems().error("redis", "the redis section has no url", "add url: redis://host:6379, or remove redis:");
        }
        return RedisSettings.builder(url.orElse("")).user(s.string("user").orElse(null)).password(password(s, ctx))
                .keyPrefix(s.string("key_prefix").orElse(DEFAULT_PREFIX))
                .commandTimeout(s.duration("command_timeout").orElse(DEFAULT_COMMAND_TIMEOUT))
                .onFailure(s.string("on_failure").map(v -> onFailure(v, s, ctx)).orElse(RedisSettings.OnFailure.LOCAL))
                .requirePersistence(s.bool("require_persistence").orElse(false))
                .build();
    }

    private static Secret password(Section s, BindContext ctx) {
        Optional<YNode.Scalar> raw = s.scalar("password", "text");
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

    private static RedisSettings.OnFailure onFailure(String v, Section s, BindContext ctx) {
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "local" -> RedisSettings.OnFailure.LOCAL;
            case "fail" -> RedisSettings.OnFailure.FAIL;
            default -> {
                ctx.problems().error(s.path("on_failure"), "unknown on_failure '" + v + "'",
                        Suggestions.hint(v, List.of("local", "fail"), "choices"));
                yield RedisSettings.OnFailure.LOCAL;
            }
        };
    }
}
