package dev.llmrouter.internal.config.litellm;

import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.FallbackConfig;
import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.config.Timeouts;
import dev.llmrouter.internal.config.Paths;
import dev.llmrouter.internal.config.bind.BindContext;
import dev.llmrouter.internal.config.bind.Section;
import dev.llmrouter.internal.config.yaml.YNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Binds a LiteLLM document: {@code model_list} first (the groups the settings refer to), then the
 * settings; other top-level keys are warnings. Then what only the whole file settles: LiteLLM's
 * {@code stream_timeout} on every deployment without its own; a fallback to a deployment's
 * {@code model_info.id} becomes a group of that one deployment; chains and aliases naming a group
 * whose every deployment was skipped lose that name, with a warning; and the request and overall
 * layers (which LiteLLM does not have) are raised so no imported per-call timeout is cut short.
 * Thread-safe (static helpers).
 */
public final class LiteLlmImport {
    private static final Set<String> TOP = Set.of("model_list", "router_settings", "litellm_settings", "general_settings");

    private LiteLlmImport() {
    }

    /** The configuration described by {@code top}; problems go to {@code ctx}. */
    public static RouterConfig bind(Section top, BindContext ctx) {
        for (YNode.Entry e : top.node().entries()) {
            if (!TOP.contains(e.key())) {
                ctx.problems().warningAt(e.keyLocation(), "'" + e.key() + "' has no llmrouter equivalent and is ignored",
                        e.key().equals("environment_variables") ? "set the variables in the environment instead"
                                : "llmrouter reads model_list, router_settings, litellm_settings and general_settings");
            }
        }
        ModelListImporter models = new ModelListImporter(ctx);
        top.entry("model_list").ifPresent(e -> models.read(e.value()));
        SettingsImporter settings = new SettingsImporter(ctx);
        Map<String, ModelGroupConfig> groups = new LinkedHashMap<>(models.groups());
        settings.read(top, groups, models.anyOrder());
        FallbackConfig fallbacks = settings.fallbacks();
        byIdTargets(fallbacks, groups, models.byId());
        Set<String> skipped = models.skippedGroups();
        fallbacks = withoutSkipped(fallbacks, skipped, ctx);
        Map<String, String> aliases = new LinkedHashMap<>(settings.aliases());
        aliases.entrySet().removeIf(a -> {
            boolean gone = skipped.contains(a.getValue());
            if (gone) {
                ctx.problems().warning(Paths.child("aliases", a.getKey()), "alias '" + a.getKey() + "' dropped: every deployment "
                        + "of '" + a.getValue() + "' was skipped", "see the skipped deployments above");
            }
            return gone;
        });
        if (settings.streamTimeout() != null) {
            // a deployment's inherited stream_timeout is reported where router_settings writes it
            groups.forEach((name, g) -> {
                for (int i = 0; i < g.deployments().size(); i++) {
                    ctx.problems().place(Paths.child(Paths.index(Paths.child(Paths.child("models", name), "deployments"), i),
                            "stream_timeout"), settings.streamTimeoutAt());
                }
            });
            groups.replaceAll((name, g) -> g.toBuilder().deployments(g.deployments().stream().map(d -> d.streamTimeout().isPresent()
                    ? d : d.toBuilder().streamTimeout(settings.streamTimeout()).build()).toList()).build());
        }
        RouterConfig.Builder b = RouterConfig.builder();
        models.providers().values().forEach(b::provider);
        groups.values().forEach(b::model);
        aliases.forEach(b::alias);
        return b.fallbacks(fallbacks).routerSettings(roomForAttempts(settings.settings(), groups))
                .cache(settings.cache()).redis(settings.redis()).build();
    }

    /** A chain target that names a deployment's {@code model_info.id} (not a group) gets a group of that deployment. */
    private static void byIdTargets(FallbackConfig f, Map<String, ModelGroupConfig> groups, Map<String, DeploymentConfig> byId) {
        List<List<String>> chains = new ArrayList<>();
        chains.addAll(f.general().values());
        chains.addAll(f.contextWindow().values());
        chains.addAll(f.contentPolicy().values());
        chains.add(f.defaults());
        chains.stream().flatMap(List::stream).distinct()
                .filter(t -> !groups.containsKey(t) && byId.containsKey(t))
                .forEach(id -> groups.put(id, ModelGroupConfig.of(id, List.of(byId.get(id)))));
    }

    private static FallbackConfig withoutSkipped(FallbackConfig f, Set<String> skipped, BindContext ctx) {
        if (skipped.isEmpty()) {
            return f;
        }
        return FallbackConfig.builder().general(kind("fallbacks", f.general(), skipped, ctx))
                .contextWindow(kind("context_window_fallbacks", f.contextWindow(), skipped, ctx))
                .contentPolicy(kind("content_policy_fallbacks", f.contentPolicy(), skipped, ctx))
                .defaults(chain("default_fallbacks", f.defaults(), skipped, ctx)).build();
    }

    private static Map<String, List<String>> kind(String kind, Map<String, List<String>> chains, Set<String> skipped,
                                                  BindContext ctx) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        chains.forEach((group, targets) -> {
            if (skipped.contains(group)) {
                ctx.problems().warning(Paths.child(kind, group), kind + " of '" + group + "' dropped: every deployment of '"
                        + group + "' was skipped", "see the skipped deployments above");
            } else {
                out.put(group, chain(Paths.child(kind, group), targets, skipped, ctx));
            }
        });
        return out;
    }

    private static List<String> chain(String path, List<String> targets, Set<String> skipped, BindContext ctx) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            if (skipped.contains(targets.get(i))) {
                ctx.problems().warning(Paths.index(path, i), "fallback '" + targets.get(i) + "' dropped: every deployment of it "
                        + "was skipped", "see the skipped deployments above");
            } else {
                out.add(targets.get(i));
            }
        }
        return out;
    }

    /**
     * LiteLLM bounds each call only (its HTTP client's timeout, which also bounds each gap between
     * two chunks of a stream): the request layer is raised to the longest imported per-call timeout,
     * the overall layer to the request layer, the stream layer to the overall one, and the idle gap
     * to the longest per-call timeout, so no llmrouter layer cuts short what LiteLLM let run.
     */
    private static RouterSettings roomForAttempts(RouterSettings s, Map<String, ModelGroupConfig> groups) {
        Timeouts t = s.timeouts();
        Duration longest = t.attempt();
        for (ModelGroupConfig g : groups.values()) {
            for (DeploymentConfig d : g.deployments()) {
                for (Optional<Duration> x : List.of(d.timeout(), d.streamTimeout())) {
                    if (x.isPresent() && x.get().compareTo(longest) > 0) {
                        longest = x.get();
                    }
                }
            }
        }
        Duration request = max(longest, t.request());
        Duration overall = max(request, t.overall());
        return s.toBuilder().timeouts(new Timeouts(t.attempt(), request, max(overall, t.stream()), max(longest, t.streamIdle()),
                overall)).build();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
