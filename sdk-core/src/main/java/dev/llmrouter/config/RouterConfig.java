package dev.llmrouter.config;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole router configuration: providers, model groups, aliases, fallbacks and settings, as read
 * from YAML or built in Java with {@link #builder()}. Maps keep file order. A {@code RouterConfig}
 * is only a value: the loader validates it, and the router refuses one with errors. Immutable and
 * thread-safe. A class rather than a record so that new sections can be added without breaking
 * callers.
 */
public final class RouterConfig {
    private final Map<String, ProviderConfig> providers;
    private final Map<String, ModelGroupConfig> models;
    private final Map<String, String> aliases;
    private final FallbackConfig fallbacks;
    private final RouterSettings routerSettings;
    private final RateLimitSettings rateLimitSettings;
    private final CacheSettings cache;
    private final RedisSettings redis;

    private RouterConfig(Builder b, Map<String, ModelGroupConfig> models) {
        this.providers = ordered(b.providers);
        this.models = ordered(models);
        this.aliases = ordered(b.aliases);
        this.fallbacks = Objects.requireNonNull(b.fallbacks, "fallbacks");
        this.routerSettings = Objects.requireNonNull(b.routerSettings, "routerSettings");
        this.rateLimitSettings = Objects.requireNonNull(b.rateLimitSettings, "rateLimitSettings");
        this.cache = Objects.requireNonNull(b.cache, "cache");
        this.redis = b.redis;
    }

    private static <V> Map<String, V> ordered(Map<String, V> m) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(m)));
    }

    /** Providers by name, in file order. */
    public Map<String, ProviderConfig> providers() {
        return providers;
    }

    /** Model groups by name, in file order. */
    public Map<String, ModelGroupConfig> models() {
        return models;
    }

    /** Alias to model group name. */
    public Map<String, String> aliases() {
        return aliases;
    }

    /** The fallback chains (default {@link FallbackConfig#NONE}). */
    public FallbackConfig fallbacks() {
        return fallbacks;
    }

    /** {@code router_settings} (default {@link RouterSettings#DEFAULTS}). */
    public RouterSettings routerSettings() {
        return routerSettings;
    }

    /** {@code rate_limit_settings} (default {@link RateLimitSettings#DEFAULTS}). */
    public RateLimitSettings rateLimitSettings() {
        return rateLimitSettings;
    }

    /** The response cache settings (default {@link CacheSettings#DEFAULTS}: off). */
    public CacheSettings cache() {
        return cache;
    }

    /** Shared state settings; empty for local state only (the default). */
    public Optional<RedisSettings> redis() {
        return Optional.ofNullable(redis);
    }

    /**
     * The model group a name or alias resolves to, if any: a group by name, an alias, else the most
     * specific wildcard group matching the name ({@code openai/*} before {@code *}), as the router
     * resolves requested names.
     */
    public Optional<ModelGroupConfig> resolve(String nameOrAlias) {
        ModelGroupConfig g = models.get(nameOrAlias);
        if (g == null && aliases.containsKey(nameOrAlias)) {
            g = models.get(aliases.get(nameOrAlias));
        }
        if (g == null) {
            g = models.values().stream().filter(w -> dev.llmrouter.internal.config.Wildcards.match(w.name(), nameOrAlias) != null)
                    .max(java.util.Comparator.comparingInt(w -> w.name().length())).orElse(null);
        }
        return Optional.ofNullable(g);
    }

    /**
     * The rpm/tpm configured for one deployment, field by field: the deployment's own value, else
     * its provider's, else the {@code rate_limit_settings.defaults} entry of the provider's type
     * (the seed's table unless overridden). Whether limits are enforced at all is
     * {@code rateLimitSettings().enabled()}; group-level limits apply on top of this one.
     */
    public RateLimit deploymentLimit(DeploymentConfig deployment) {
        ProviderConfig p = providers.get(deployment.provider());
        if (p == null) {
            return deployment.limit();
        }
        RateLimit provider = new RateLimit(p.rpm().orElse(null), p.tpm().orElse(null));
        RateLimit type = rateLimitSettings.typeDefaults().getOrDefault(p.type(), RateLimit.NONE);
        return deployment.limit().orElse(provider).orElse(type);
    }

    /** A builder with no providers or models and default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.providers.putAll(providers);
        b.models.putAll(models);
        b.aliases.putAll(aliases);
        b.fallbacks = fallbacks;
        b.routerSettings = routerSettings;
        b.rateLimitSettings = rateLimitSettings;
        b.cache = cache;
        b.redis = redis;
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RouterConfig c && c.providers.equals(providers) && c.models.equals(models)
                && c.aliases.equals(aliases) && c.fallbacks.equals(fallbacks) && c.routerSettings.equals(routerSettings)
                && c.rateLimitSettings.equals(rateLimitSettings) && c.cache.equals(cache) && Objects.equals(c.redis, redis);
    }

    @Override
    public int hashCode() {
        return Objects.hash(providers, models, aliases, fallbacks, routerSettings, rateLimitSettings, cache, redis);
    }

    /** Every section; provider API keys and the Redis password only as masks. */
    @Override
    public String toString() {
        return "RouterConfig[providers=" + providers.values() + ", models=" + models.values() + ", aliases=" + aliases
                + ", fallbacks=" + fallbacks + ", routerSettings=" + routerSettings + ", rateLimitSettings="
                + rateLimitSettings + ", cache=" + cache + ", redis=" + redis + "]";
    }

    /**
     * Builds a {@link RouterConfig} in Java. The result is not validated: pass it to
     * {@link ConfigValidator#validate(RouterConfig)} (the router does) to learn about mistakes.
     * {@link #build()} merges {@code rateLimitSettings.limits()} into the groups' own limits,
     * field by field, the group's value first. Not thread-safe.
     */
    public static final class Builder {
        private final Map<String, ProviderConfig> providers = new LinkedHashMap<>();
        private final Map<String, ModelGroupConfig> models = new LinkedHashMap<>();
        private final Map<String, String> aliases = new LinkedHashMap<>();
        private FallbackConfig fallbacks = FallbackConfig.NONE;
        private RouterSettings routerSettings = RouterSettings.DEFAULTS;
        private RateLimitSettings rateLimitSettings = RateLimitSettings.DEFAULTS;
        private CacheSettings cache = CacheSettings.DEFAULTS;
        private RedisSettings redis;

        private Builder() {
        }

        /** Adds (or replaces) a provider, keyed by its name. */
        public Builder provider(ProviderConfig provider) {
            providers.put(provider.name(), provider);
            return this;
        }

        /** Adds (or replaces) a model group, keyed by its name. */
        public Builder model(ModelGroupConfig group) {
            models.put(group.name(), group);
            return this;
        }

        /** Replaces all providers with {@code all}, in order, keyed by name. */
        public Builder providers(Collection<ProviderConfig> all) {
            providers.clear();
            all.forEach(this::provider);
            return this;
        }

        /** Replaces all model groups with {@code all}, in order. */
        public Builder models(Collection<ModelGroupConfig> all) {
            models.clear();
            all.forEach(this::model);
            return this;
        }

        /** Replaces all aliases with {@code byAlias} (alias to model group name). */
        public Builder aliases(Map<String, String> byAlias) {
            aliases.clear();
            aliases.putAll(byAlias);
            return this;
        }

        /** Adds (or replaces) a model group with these deployments and no group-level limit. */
        public Builder model(String name, DeploymentConfig... deployments) {
            return model(ModelGroupConfig.of(name, java.util.List.of(deployments)));
        }

        /** Adds an alias for a model group. */
        public Builder alias(String alias, String model) {
            aliases.put(alias, model);
            return this;
        }

        /** Replaces all fallback chains. */
        public Builder fallbacks(FallbackConfig fallbacks) {
            this.fallbacks = Objects.requireNonNull(fallbacks, "fallbacks");
            return this;
        }

        /** Sets the {@code fallbacks} chain of one model. */
        public Builder fallbacks(String model, String... targets) {
            fallbacks = fallbacks.toBuilder().general(model, java.util.List.of(targets)).build();
            return this;
        }

        /** Sets the {@code context_window_fallbacks} chain of one model. */
        public Builder contextWindowFallbacks(String model, String... targets) {
            fallbacks = fallbacks.toBuilder().contextWindow(model, java.util.List.of(targets)).build();
            return this;
        }

        /** Sets the {@code content_policy_fallbacks} chain of one model. */
        public Builder contentPolicyFallbacks(String model, String... targets) {
            fallbacks = fallbacks.toBuilder().contentPolicy(model, java.util.List.of(targets)).build();
            return this;
        }

        /** Sets {@code default_fallbacks}. */
        public Builder defaultFallbacks(String... targets) {
            fallbacks = fallbacks.toBuilder().defaults(java.util.List.of(targets)).build();
            return this;
        }

        /** {@code router_settings} (default {@link RouterSettings#DEFAULTS}). */
        public Builder routerSettings(RouterSettings settings) {
            this.routerSettings = Objects.requireNonNull(settings, "routerSettings");
            return this;
        }

        /** {@code rate_limit_settings} (default {@link RateLimitSettings#DEFAULTS}). */
        public Builder rateLimitSettings(RateLimitSettings settings) {
            this.rateLimitSettings = Objects.requireNonNull(settings, "rateLimitSettings");
            return this;
        }

        /** The response cache (default {@link CacheSettings#DEFAULTS}: off). */
        public Builder cache(CacheSettings cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /** Shared state on Redis, or null for local state only (the default). */
        public Builder redis(RedisSettings redis) {
            this.redis = redis;
            return this;
        }

        /** The configuration, with {@code rate_limit_settings.limits} merged into the groups. */
        public RouterConfig build() {
            Map<String, ModelGroupConfig> merged = new LinkedHashMap<>();
            models.forEach((name, g) -> {
                RateLimit extra = rateLimitSettings.limits().get(name);
                merged.put(name, extra == null ? g : g.toBuilder().limit(g.limit().orElse(extra)).build());
            });
            return new RouterConfig(this, merged);
        }
    }
}
