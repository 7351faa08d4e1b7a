package dev.llmrouter.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole router configuration: providers, model groups, aliases, fallbacks and settings, as read
 * from YAML or built in Java. Maps keep file order. A {@code RouterConfig} is only a value: the
 * loader validates it, and the router refuses one with errors. Immutable and thread-safe.
 *
 * @param providers providers by name
 * @param models model groups by name
 * @param aliases alias to model group name
 * @param fallbacks the fallback chains
 * @param routerSettings {@code router_settings}
 * @param rateLimitSettings {@code rate_limit_settings}
 * @param cache the response cache settings
 * @param redis shared state settings, or null for local state only
 */
public record RouterConfig(Map<String, ProviderConfig> providers, Map<String, ModelGroupConfig> models,
                           Map<String, String> aliases, FallbackConfig fallbacks, RouterSettings routerSettings,
                           RateLimitSettings rateLimitSettings, CacheSettings cache, RedisSettings redis) {
    /** Copies the maps, keeping their order. */
    public RouterConfig {
        providers = ordered(providers);
        models = ordered(models);
        aliases = ordered(aliases);
        Objects.requireNonNull(fallbacks, "fallbacks");
        Objects.requireNonNull(routerSettings, "routerSettings");
        Objects.requireNonNull(rateLimitSettings, "rateLimitSettings");
        Objects.requireNonNull(cache, "cache");
    }

    private static <V> Map<String, V> ordered(Map<String, V> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(m)));
    }

    /** Redis settings, when shared state is configured. */
    public Optional<RedisSettings> redisValue() {
        return Optional.ofNullable(redis);
    }

    /** The model group a name or alias resolves to, if any. */
    public Optional<ModelGroupConfig> resolve(String nameOrAlias) {
        ModelGroupConfig g = models.get(nameOrAlias);
        if (g == null && aliases.containsKey(nameOrAlias)) {
            g = models.get(aliases.get(nameOrAlias));
        }
        return Optional.ofNullable(g);
    }
}
