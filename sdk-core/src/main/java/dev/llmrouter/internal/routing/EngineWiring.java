package dev.llmrouter.internal.routing;

import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.spi.routing.RoutingStrategy;
import dev.llmrouter.api.ConfigException;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.config.RateLimitSettings;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.internal.provider.ProviderAdapters;
import dev.llmrouter.internal.provider.ProviderResources;
import dev.llmrouter.spi.provider.ProviderType;
import dev.llmrouter.internal.provider.mock.MockAdapter;
import dev.llmrouter.spi.state.CircuitPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns a {@link RouterConfig} into what the router runs: one adapter per active provider, the
 * model groups with their deployments and effective limits, the circuit policy and the strategy.
 * Effective deployment limit, field by field: the deployment's own rpm/tpm, else the provider's,
 * else {@code rate_limit_settings.type_defaults} for its type; none at all when rate limits are
 * disabled. Group limit: the group's own, else {@code rate_limit_settings.limits} for it. Stateless.
 */
final class EngineWiring {
    /** The prefix naming a strategy registered in code in {@code routing_strategy}. */
    static final String CUSTOM = "custom:";
    private EngineWiring() {
    }

    static Map<String, ProviderAdapter> adapters(RouterConfig config, Map<String, ProviderAdapter> custom,
                                                 ProviderResources resources) {
        Map<String, ProviderAdapter> out = new LinkedHashMap<>();
        for (ProviderConfig p : config.providers().values()) {
            if (!p.isActive()) {
                continue;
            }
            ProviderAdapter a = custom.get(p.name());
            if (a == null) {
                a = create(p, modelsOf(config, p.name()), resources);
            }
            out.put(p.name(), a);
        }
        return out;
    }

    private static ProviderAdapter create(ProviderConfig p, List<String> models, ProviderResources resources) {
        if (p.type() == ProviderType.MOCK) {
            // the mock reports its deployments' models as served unless told otherwise
            return new MockAdapter(p, resources, models);
        }
        try {
            return ProviderAdapters.create(p, resources);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("provider " + p.name() + ": " + e.getMessage()
                    + "; register an adapter with LlmRouter.builder().adapter(\"" + p.name() + "\", adapter)");
        }
    }

    private static List<String> modelsOf(RouterConfig config, String provider) {
        List<String> models = new ArrayList<>();
        for (ModelGroupConfig g : config.models().values()) {
            for (DeploymentConfig d : g.deployments()) {
                if (d.provider().equals(provider) && !models.contains(d.model())) {
                    models.add(d.model());
                }
            }
        }
        return models;
    }

    static Map<String, ModelGroup> groups(RouterConfig config, Map<String, ProviderAdapter> adapters) {
        RateLimitSettings limits = config.rateLimitSettings();
        Map<String, ModelGroup> out = new LinkedHashMap<>();
        for (ModelGroupConfig g : config.models().values()) {
            List<Deployment> deployments = new ArrayList<>(g.deployments().size());
            for (int i = 0; i < g.deployments().size(); i++) {
                DeploymentConfig dc = g.deployments().get(i);
                ProviderConfig p = config.providers().get(dc.provider());
                if (p == null) {
                    throw new ConfigException("model group " + g.name() + ", deployment " + i + ": unknown provider '"
                            + dc.provider() + "'; known providers: " + new TreeSet<>(config.providers().keySet()));
                }
                RateLimit limit = limits.enabled() ? config.deploymentLimit(dc) : RateLimit.NONE;
                deployments.add(new RouterDeployment(g.name(), i, p, dc, limit, adapters.get(p.name())));
            }
            RateLimit groupLimit = limits.enabled()
                    ? g.limit().orElse(limits.limits().getOrDefault(g.name(), RateLimit.NONE)) : RateLimit.NONE;
            out.put(g.name(), new ModelGroup(g.name(), deployments, groupLimit, g.cache()));
        }
        return out;
    }

    static CircuitPolicy policy(RouterSettings s) {
        return CircuitPolicy.builder().allowedFails(s.allowedFails()).failureWindow(s.failureWindow())
                .cooldown(s.cooldownTime()).cooldownMultiplier(s.cooldownMultiplier()).maxCooldown(s.maxCooldown())
                .build();
    }

    /** The strategy {@code routing_strategy} names: a built-in, or {@code custom:NAME} for one registered in code. */
    static RoutingStrategy strategy(String name, Map<String, RoutingStrategy> custom) {
        String key = name.startsWith(CUSTOM) ? name.substring(CUSTOM.length()) : name;
        RoutingStrategy s = custom.get(key);
        if (s != null) {
            return s;
        }
        return RoutingStrategies.named(name).orElseThrow(() -> {
            TreeSet<String> known = new TreeSet<>(RoutingStrategies.names());
            custom.keySet().forEach(k -> known.add(CUSTOM + k));
            return new ConfigException("router_settings.routing_strategy: unknown strategy '" + name + "'; known: "
                    + known);
        });
    }
}
