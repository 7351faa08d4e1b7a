package dev.llmrouter.internal.config.bind;

import dev.llmrouter.config.FallbackConfig;
import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.internal.config.Location;
import dev.llmrouter.internal.config.Paths;
import dev.llmrouter.internal.config.yaml.YNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds the fallback chains: {@code fallbacks}, {@code context_window_fallbacks} and
 * {@code content_policy_fallbacks} as {@code {model: [targets]}} or LiteLLM's list of one-key
 * maps, {@code default_fallbacks} as a list, and the seed's {@code fallback_chains:
 * {model: {chain: [...]}}} (merged into {@code fallbacks}). An alias in a chain is replaced by the
 * group it names, so the router and the cycle check see group names only. Every chain is recorded
 * under its canonical path ({@code fallbacks.m}, {@code fallbacks.m[0]}) wherever it was written.
 * Thread-safe (static helpers).
 */
public final class FallbackBinder {
    private static final List<String> CHAIN_KEYS = List.of("chain", "note", "description");

    private FallbackBinder() {
    }

    /**
     * The chains written in {@code section} (the top level, or LiteLLM's {@code router_settings}),
     * recorded under their canonical paths; aliases resolved against {@code models}.
     */
    public static FallbackConfig bind(Section top, BindContext ctx, Map<String, ModelGroupConfig> models,
                                      Map<String, String> aliases) {
        Map<String, List<String>> general = chains(top, "fallbacks", ctx);
        seedChains(top, ctx, general);
        Map<String, List<String>> window = chains(top, "context_window_fallbacks", ctx);
        Map<String, List<String>> policy = chains(top, "content_policy_fallbacks", ctx);
        List<String> defaults = top.entry("default_fallbacks").map(e -> {
            ctx.problems().place("default_fallbacks", e.keyLocation());
            return top.strings(e.value(), "default_fallbacks", "default_fallbacks");
        }).orElse(List.of());
        return FallbackConfig.builder().general(resolve(general, "fallbacks", models, aliases, ctx))
                .contextWindow(resolve(window, "context_window_fallbacks", models, aliases, ctx))
                .contentPolicy(resolve(policy, "content_policy_fallbacks", models, aliases, ctx))
                .defaults(resolve(defaults, models, aliases)).build();
    }

    private static Map<String, List<String>> chains(Section top, String kind, BindContext ctx) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        top.entry(kind).ifPresent(e -> {
            ctx.problems().place(kind, e.keyLocation());
            if (e.value() instanceof YNode.Mapping m) {
                addAll(m, kind, top, ctx, out);
            } else if (e.value() instanceof YNode.Sequence seq) {
                for (YNode item : seq.items()) {
                    if (item instanceof YNode.Mapping m) {
                        addAll(m, kind, top, ctx, out);
                    } else {
                        ctx.problems().errorAt(item.location(), "items of " + kind + " must be {model: [fallbacks]}, not "
                                + item.describe(), "write - model: [fallback-a, fallback-b]");
                    }
                }
            } else {
                ctx.problems().errorAt(e.value().location(), kind + " must map models to lists of fallbacks, not "
                        + e.value().describe(), "write " + kind + ": {model: [fallback-a, fallback-b]}");
            }
        });
        return out;
    }

    private static void addAll(YNode.Mapping m, String kind, Section top, BindContext ctx, Map<String, List<String>> out) {
        for (YNode.Entry e : m.entries()) {
            String path = Paths.child(kind, e.key());
            put(out, kind, e.key(), e.keyLocation(), ctx);
            out.put(e.key(), top.strings(e.value(), path, kind + " of '" + e.key() + "'"));
        }
    }

    private static void seedChains(Section top, BindContext ctx, Map<String, List<String>> general) {
        top.mapping("fallback_chains").ifPresent(m -> {
            for (YNode.Entry e : m.entries()) {
                String path = Paths.child("fallbacks", e.key());
                if (!(e.value() instanceof YNode.Mapping cm)) {
                    ctx.problems().errorAt(e.value().location(), "fallback_chains entries must be {chain: [...]}, not "
                            + e.value().describe(), "write " + e.key() + ": {chain: [fallback-a, fallback-b]}");
                    continue;
                }
                Section s = new Section(ctx, cm, Paths.child("fallback_chains", e.key()), CHAIN_KEYS,
                        "the fallback chain of '" + e.key() + "'");
                s.string("note");
                s.string("description");
                put(general, "fallback_chains", e.key(), e.keyLocation(), ctx);
                general.put(e.key(), s.entry("chain").map(c -> s.strings(c.value(), path, "chain")).orElse(List.of()));
            }
        });
    }

    private static void put(Map<String, List<String>> out, String kind, String model, Location at, BindContext ctx) {
        String path = Paths.child(kind.equals("fallback_chains") ? "fallbacks" : kind, model);
        if (out.containsKey(model)) {
            ctx.problems().errorAt(at, "the " + (kind.equals("fallback_chains") ? "fallbacks" : kind) + " chain of '" + model
                    + "' is defined twice (first at " + ctx.problems().describe(path) + ")", "keep one definition");
        } else {
            ctx.problems().place(path, at);
        }
    }

    private static Map<String, List<String>> resolve(Map<String, List<String>> chains, String kind,
                                                     Map<String, ModelGroupConfig> models, Map<String, String> aliases,
                                                     BindContext ctx) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        chains.forEach((k, v) -> {
            String group = resolve(k, models, aliases);
            String from = Paths.child(kind, k);
            if (!group.equals(k)) {
                String to = Paths.child(kind, group);
                if (out.containsKey(group) || chains.containsKey(group)) {
                    ctx.problems().error(from, "the " + kind + " chain of '" + group + "' is defined twice (also as alias '"
                            + k + "')", "keep one definition");
                    return;
                }
                ctx.problems().place(to, ctx.problems().locate(from));
                for (int i = 0; i < v.size(); i++) {
                    Location at = ctx.problems().exact(Paths.index(from, i));
                    if (at != null) {
                        ctx.problems().place(Paths.index(to, i), at);
                    }
                }
            }
            out.put(group, resolve(v, models, aliases));
        });
        return out;
    }

    private static List<String> resolve(List<String> names, Map<String, ModelGroupConfig> models, Map<String, String> aliases) {
        List<String> out = new ArrayList<>();
        names.forEach(n -> out.add(resolve(n, models, aliases)));
        return out;
    }

    private static String resolve(String name, Map<String, ModelGroupConfig> models, Map<String, String> aliases) {
        String target = aliases.get(name);
        return !models.containsKey(name) && target != null && models.containsKey(target) ? target : name;
    }
}
