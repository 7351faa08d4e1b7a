package dev.llmrouter.internal.config.rules;

import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.internal.config.Paths;
import dev.llmrouter.internal.config.Problems;
import dev.llmrouter.internal.config.Suggestions;
import java.util.List;
import java.util.Map;

/**
 * Names that must exist: each deployment's provider, each alias's model group, every model named by
 * a fallback chain of any kind or by {@code rate_limit_settings.limits}; plus empty groups and
 * aliases that shadow a group. A fallback may name an alias of a group. Thread-safe (static helpers).
 */
final class ReferenceRules {
    private ReferenceRules() {
    }

    static void check(RouterConfig c, Problems p, Gaps gaps) {
        c.models().forEach((name, g) -> group(name, g, c, p, gaps));
        c.aliases().forEach((alias, target) -> alias(alias, target, c, p));
        chains("fallbacks", c.fallbacks().general(), c, p);
        chains("context_window_fallbacks", c.fallbacks().contextWindow(), c, p);
        chains("content_policy_fallbacks", c.fallbacks().contentPolicy(), c, p);
        List<String> defaults = c.fallbacks().defaults();
        for (int i = 0; i < defaults.size(); i++) {
            if (!isModel(defaults.get(i), c)) {
                p.error(Paths.index("default_fallbacks", i), "unknown model '" + defaults.get(i) + "' in default_fallbacks",
                        Suggestions.hint(defaults.get(i), c.models().keySet(), "model groups"));
            }
        }
        c.rateLimitSettings().limits().keySet().forEach(m -> {
            if (!c.models().containsKey(m)) {
                p.error(Paths.child("rate_limit_settings.limits", m), "limits for unknown model '" + m + "'",
                        c.aliases().containsKey(m) ? "'" + m + "' is an alias; set the limits on '" + c.aliases().get(m) + "'"
                                : Suggestions.hint(m, c.models().keySet(), "model groups"));
            }
        });
    }

    private static void group(String name, ModelGroupConfig g, RouterConfig c, Problems p, Gaps gaps) {
        String path = Paths.child("models", name);
        if (g.deployments().isEmpty() && !gaps.models().contains(name)) {
            p.error(path, "model group '" + name + "' has no deployments",
                    "add at least one {provider: ..., model: ...} under deployments:, or remove the group");
        }
        List<DeploymentConfig> ds = g.deployments();
        for (int i = 0; i < ds.size(); i++) {
            String provider = ds.get(i).provider();
            if (!c.providers().containsKey(provider) && !gaps.providers().contains(provider)) {
                p.error(Paths.child(Paths.index(Paths.child(path, "deployments"), i), "provider"),
                        "unknown provider '" + provider + "' in model group '" + name + "'",
                        c.providers().isEmpty() ? "no providers are defined; add it under providers:"
                                : Suggestions.hint(provider, c.providers().keySet(), "defined providers"));
            }
        }
    }

    private static void alias(String alias, String target, RouterConfig c, Problems p) {
        String path = Paths.child("aliases", alias);
        if (c.models().containsKey(alias)) {
            p.error(path, "alias '" + alias + "' has the name of a model group, which always wins, so the alias is never used",
                    "rename the alias or the group");
        }
        if (c.models().containsKey(target)) {
            return;
        }
        if (c.aliases().containsKey(target)) {
            String group = c.aliases().get(target);
            p.error(path, "alias '" + alias + "' points to another alias '" + target + "'", c.models().containsKey(group)
                    ? "point it at the model group '" + group + "'" : "point it at a model group");
        } else {
            p.error(path, "alias '" + alias + "' points to unknown model '" + target + "'",
                    Suggestions.hint(target, c.models().keySet(), "model groups"));
        }
    }

    private static void chains(String kind, Map<String, List<String>> chains, RouterConfig c, Problems p) {
        chains.forEach((model, targets) -> {
            String path = Paths.child(kind, model);
            if (!isModel(model, c)) {
                p.error(path, kind + " for unknown model '" + model + "'",
                        Suggestions.hint(model, c.models().keySet(), "model groups"));
            }
            for (int i = 0; i < targets.size(); i++) {
                if (!isModel(targets.get(i), c)) {
                    p.error(Paths.index(path, i), "unknown model '" + targets.get(i) + "' in the " + kind + " of '" + model + "'",
                            Suggestions.hint(targets.get(i), c.models().keySet(), "model groups"));
                }
            }
        });
    }

    /** A group name, or an alias of one. */
    static boolean isModel(String name, RouterConfig c) {
        return c.resolve(name).isPresent();
    }
}
