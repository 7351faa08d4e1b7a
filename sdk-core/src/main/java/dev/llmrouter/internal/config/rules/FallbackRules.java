package dev.llmrouter.internal.config.rules;

import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.internal.config.Paths;
import dev.llmrouter.internal.config.Problems;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The seed's chain checks, per kind of chain: a model in its own chain, a model twice in one chain,
 * and cycles across chains, each cycle reported once as its path ({@code a -> b -> c -> a}). Names
 * are compared after resolving aliases. Thread-safe (static helpers).
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
        Map<String, List<String>> graph = new LinkedHashMap<>();
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
            List<String> edges = graph.computeIfAbsent(self, k -> new ArrayList<>());
            targets.stream().map(t -> canonical(t, c)).filter(t -> !t.equals(self)).forEach(edges::add);
        });
        new CycleFinder(graph).cycles().forEach(cycle -> p.error(Paths.child(kind, keyFor(cycle.get(0), chains, c)),
                "fallback cycle in " + kind + ": " + String.join(" -> ", cycle),
                "remove one link of the cycle so no model falls back to itself"));
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

    private static String canonical(String name, RouterConfig c) {
        return c.resolve(name).map(g -> g.name()).orElse(name);
    }

    /** The chain key as written for a canonical name (an alias key resolves to its group). */
    private static String keyFor(String canonical, Map<String, List<String>> chains, RouterConfig c) {
        return chains.keySet().stream().filter(k -> canonical(k, c).equals(canonical)).findFirst().orElse(canonical);
    }

    /** Depth-first search; each back edge closes one cycle, reported once whatever node it starts at. */
    private static final class CycleFinder {
        private final Map<String, List<String>> graph;
        private final Set<String> done = new HashSet<>();
        private final List<String> stack = new ArrayList<>();
        private final Set<Set<String>> seen = new HashSet<>();
        private final List<List<String>> cycles = new ArrayList<>();

        CycleFinder(Map<String, List<String>> graph) {
            this.graph = graph;
        }

        List<List<String>> cycles() {
            for (String node : graph.keySet()) {
                visit(node);
            }
            return cycles;
        }

        private void visit(String node) {
            if (done.contains(node)) {
                return;
            }
            stack.add(node);
            for (String next : graph.getOrDefault(node, List.of())) {
                int at = stack.indexOf(next);
                if (at >= 0) {
                    List<String> cycle = new ArrayList<>(stack.subList(at, stack.size()));
                    if (seen.add(Set.copyOf(cycle))) {
                        cycle.add(next);
                        cycles.add(cycle);
                    }
                } else {
                    visit(next);
                }
            }
            stack.remove(stack.size() - 1);
            done.add(node);
        }
    }
}
