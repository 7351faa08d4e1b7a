package dev.llmrouter.internal.config.rules;

import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.internal.config.Paths;
import dev.llmrouter.internal.config.Problems;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's chain checks, per kind of chain: a model in its own chain and a model twice in one
 * chain. Cycles across chains ({@code a: [b]}, {@code b: [a]}, LiteLLM's own example) are valid:
 * the router tries each group at most once per request, so a cycle cannot loop. Names are compared
 * after resolving aliases. Thread-safe (static helpers).
 */
final class FallbackRules {
    private FallbackRules() {
    }

    static void check(RouterConfig c, Problems p) {
        kind("fallbacks", c.fallbacks().general(), c, p);
        kind("context_window_fallbacks", c.fallbacks().contextWindow(), c, p);
        kind("content_policy_fallbacks", c.fallbacks().contentPolicy(), c, p);
        duplicates("default_fallbacks", "default_fallbacks", c.fallbacks().defaults(), c, p);
    }

    private static void kind(String kind, Map<String, List<String>> chains, RouterConfig c, Problems p) {
        chains.forEach((model, targets) -> {
            String self = canonical(model, c);
            String path = Paths.child(kind, model);
            for (int i = 0; i < targets.size(); i++) {
                if (canonical(targets.get(i), c).equals(self)) {
                    p.error(Paths.index(path, i), "model '" + model + "' is in its own " + kind + " chain",
                            "remove it: a model is never its own fallback");
                }
            }
            duplicates(path, "the " + kind + " chain of '" + model + "'", targets, c, p);
        });
    }

    private static void duplicates(String path, String what, List<String> targets, RouterConfig c, Problems p) {
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < targets.size(); i++) {
            Integer prev = first.putIfAbsent(canonical(targets.get(i), c), i);
            if (prev != null) {
                p.error(Paths.index(path, i), "'" + targets.get(i) + "' appears twice in " + what,
                        "remove the repeat (first at position " + (prev + 1) + ")");
            }
        }
    }

    /** An alias as its group; any other name as written (two names one wildcard group serves are two models). */
    private static String canonical(String name, RouterConfig c) {
        return c.aliases().containsKey(name) ? c.aliases().get(name) : name;
    }

}
