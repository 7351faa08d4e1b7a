package dev.llmrouter.config;

import dev.llmrouter.internal.config.Durations;
import dev.llmrouter.internal.config.Wildcards;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Explains a configuration the way the router will run it, so a chain review is done by reading,
 * not guessing ({@code ./llmrouter validate --explain}). For every model group: the order of groups
 * a request would try for each kind of failure (each group at most once per request, so mutual
 * fallbacks cannot loop), and for each group its deployments by {@code order} tier, each with its
 * effective timeouts, rate limits (and where each value comes from), concurrency caps and circuit
 * policy (the router's {@code router_settings}: the same for every deployment). Pure text, one line per fact; the configuration is expected to be valid. Stateless and
 * thread-safe.
 */
public final class ConfigExplainer {
    private static final String INDENT = "  ";

    private ConfigExplainer() {
    }

    /** The explanation of every model group, in configuration order. */
    public static String explain(RouterConfig config) {
        StringBuilder out = new StringBuilder();
        out.append(settings(config));
        config.models().keySet().forEach(name -> out.append('\n').append(explain(config, name)));
        return out.toString();
    }

    /**
     * The explanation of one requested name: a group, an alias, or a name a wildcard group serves.
     *
     * @throws IllegalArgumentException when no group serves {@code model}
     */
    public static String explain(RouterConfig config, String model) {
        ModelGroupConfig g = config.resolve(model).orElseThrow(() -> new IllegalArgumentException(
                "no model group serves '" + model + "'"));
        StringBuilder out = new StringBuilder();
        out.append("model ").append(model);
        if (!g.name().equals(model)) {
            out.append(" (served by group ").append(g.name()).append(')');
        }
        List<String> aliases = config.aliases().entrySet().stream().filter(e -> e.getValue().equals(model))
                .map(Map.Entry::getKey).toList();
        if (!aliases.isEmpty()) {
            out.append(" (aliases: ").append(String.join(", ", aliases)).append(')');
        }
        out.append('\n');
        FallbackConfig f = config.fallbacks();
        boolean ownGeneral = f.general().containsKey(g.name());
        order(out, config, g.name(), "after a failure left after retries", ownGeneral ? f.general().get(g.name()) : f.defaults(),
                ownGeneral ? "fallbacks" : f.defaults().isEmpty() ? null : "default_fallbacks");
        order(out, config, g.name(), "after a context window error", f.contextWindow().getOrDefault(g.name(), List.of()),
                f.contextWindow().containsKey(g.name()) ? "context_window_fallbacks" : null);
        order(out, config, g.name(), "after a content policy refusal", f.contentPolicy().getOrDefault(g.name(), List.of()),
                f.contentPolicy().containsKey(g.name()) ? "content_policy_fallbacks" : null);
        out.append(INDENT).append("after the caller's own bad request: none (no retry, no fallback)\n");
        Set<String> groups = new LinkedHashSet<>();
        groups.add(g.name());
        for (List<String> chain : List.of(ownGeneral ? f.general().get(g.name()) : f.defaults(),
                f.contextWindow().getOrDefault(g.name(), List.of()), f.contentPolicy().getOrDefault(g.name(), List.of()))) {
            chain.forEach(t -> config.resolve(t).ifPresent(x -> groups.add(x.name())));
        }
        groups.forEach(name -> group(out, config, config.models().get(name)));
        return out.toString();
    }

    private static String settings(RouterConfig c) {
        RouterSettings s = c.routerSettings();
        Timeouts t = s.timeouts();
        RateLimitSettings r = c.rateLimitSettings();
        return "routing: " + s.routingStrategy() + " within the lowest order tier first; up to " + (s.numRetries() + 1)
                + " attempts per group (num_retries " + s.numRetries() + ")\n"
                + "timeouts: request " + fmt(t.request()) + " per group, overall " + fmt(t.overall()) + " per request\n"
                + "rate limits: " + (r.enabled() ? "enforced, mode " + r.mode().name().toLowerCase(java.util.Locale.ROOT)
                + (r.typeDefaults().isEmpty() ? ", no per-type defaults" : ", per-type defaults for "
                + String.join(", ", r.typeDefaults().keySet().stream().map(k -> k.wireName()).sorted().toList()))
                : "off (rate_limit_settings.enabled: false)") + "\n"
                + "circuit: opens at " + s.allowedFails() + " counted failures within " + fmt(s.failureWindow())
                + "; stays open " + fmt(s.cooldownTime()) + ", then one probe"
                + (s.cooldownMultiplier() > 1 ? "; each failed probe multiplies the cooldown by " + s.cooldownMultiplier()
                + " up to " + fmt(s.maxCooldown()) : "") + "\n";
    }

    /** One try order: the group, then each target not tried yet (aliases resolved), as the router walks it. */
    private static void order(StringBuilder out, RouterConfig c, String group, String when, List<String> chain, String key) {
        List<String> steps = new ArrayList<>();
        steps.add(group);
        Set<String> tried = new LinkedHashSet<>(List.of(group));
        for (String target : chain) {
            boolean alias = c.aliases().containsKey(target);
            String name = alias ? c.aliases().get(target) : target;
            if (tried.add(name)) {
                steps.add(alias ? name + " (alias " + target + ")" : name);
            }
        }
        out.append(INDENT).append(when).append(": ").append(String.join(" -> ", steps));
        out.append(key == null ? " (no fallback)" : " [" + key + "]").append('\n');
    }

    private static void group(StringBuilder out, RouterConfig c, ModelGroupConfig g) {
        out.append(INDENT).append("group ").append(g.name());
        if (g.limit().rpm() != null || g.limit().tpm() != null) {
            out.append(", group limit ").append(limit(g.limit()));
        }
        if (g.cache()) {
            out.append(", cached by default");
        }
        out.append('\n');
        TreeMap<Integer, List<Integer>> tiers = new TreeMap<>();
        for (int i = 0; i < g.deployments().size(); i++) {
            tiers.computeIfAbsent(g.deployments().get(i).order(), k -> new ArrayList<>()).add(i);
        }
        tiers.forEach((order, indexes) -> {
            if (tiers.size() > 1) {
                out.append(INDENT.repeat(2)).append("order ").append(order)
                        .append(order.equals(tiers.firstKey()) ? " (tried first)" : " (when the tiers before have no room)").append('\n');
            }
            indexes.forEach(i -> deployment(out, c, g, i));
        });
    }

    private static void deployment(StringBuilder out, RouterConfig c, ModelGroupConfig g, int index) {
        DeploymentConfig d = g.deployments().get(index);
        ProviderConfig p = c.providers().get(d.provider());
        String pad = INDENT.repeat(3);
        out.append(pad).append(g.name()).append('/').append(d.provider()).append('/').append(d.model()).append('#').append(index);
        if (p == null) {
            out.append(" (unknown provider)\n");
            return;
        }
        out.append(": ").append(p.type().wireName()).append(p.baseUrl().isBlank() ? "" : " " + p.baseUrl())
                .append(", weight ").append(d.weight());
        if (d.model().contains(Wildcards.STAR)) {
            out.append(", model passed through");
        }
        if (!p.isActive()) {
            out.append(" (skipped: provider '").append(p.name()).append("' is disabled)\n");
            return;
        }
        out.append('\n');
        String more = pad + INDENT;
        Timeouts t = c.routerSettings().timeouts();
        Sourced attempt = d.timeout().isPresent() ? new Sourced(d.timeout().get(), "deployment timeout")
                : p.attemptTimeout().map(x -> new Sourced(x, "provider timeout")).orElse(new Sourced(t.attempt(), "timeouts.attempt"));
        Sourced streamAttempt = d.streamTimeout().isPresent()
                ? new Sourced(d.streamTimeout().get(), "deployment stream_timeout") : attempt;
        out.append(more).append("timeouts: attempt ").append(clipped(attempt, t.request()))
                .append("; stream first chunk ").append(clipped(streamAttempt, t.request()))
                .append(", whole stream ").append(fmt(t.stream())).append(", idle gap ").append(fmt(t.streamIdle())).append('\n');
        out.append(more).append("limits: ").append(limits(c, d, p)).append('\n');
        List<String> caps = new ArrayList<>();
        if (d.maxParallelRequests().isPresent()) {
            caps.add(d.maxParallelRequests().get() + " (deployment)");
        }
        p.maxParallelRequests().ifPresent(n -> caps.add(n + " shared by provider '" + p.name() + "'"));
        out.append(more).append("in flight: ").append(caps.isEmpty() ? "no cap" : String.join(", ", caps)).append('\n');
        RouterSettings s = c.routerSettings();
        out.append(more).append("circuit: opens at ").append(s.allowedFails()).append(" failures within ")
                .append(fmt(s.failureWindow())).append(", open ").append(fmt(s.cooldownTime())).append('\n');
        if (d.maxInputTokens().isPresent() || !d.tags().isEmpty()) {
            out.append(more);
            if (d.maxInputTokens().isPresent()) {
                out.append("context window ").append(d.maxInputTokens().get()).append(" tokens");
            }
            if (!d.tags().isEmpty()) {
                out.append(d.maxInputTokens().isPresent() ? "; " : "").append("tags ").append(d.tags().stream().sorted().toList());
            }
            out.append('\n');
        }
    }

    private static String limits(RouterConfig c, DeploymentConfig d, ProviderConfig p) {
        if (!c.rateLimitSettings().enabled()) {
            return "none (rate_limit_settings.enabled: false)";
        }
        RateLimit typeDefault = c.rateLimitSettings().typeDefaults().getOrDefault(p.type(), RateLimit.NONE);
        return field("rpm", d.limit().rpm(), p.rpm().orElse(null), typeDefault.rpm(), p) + ", "
                + field("tpm", d.limit().tpm(), p.tpm().orElse(null), typeDefault.tpm(), p);
    }

    private static String field(String what, Integer own, Integer provider, Integer type, ProviderConfig p) {
        if (own != null) {
            return what + " " + own + " (deployment)";
        }
        if (provider != null) {
            return what + " " + provider + " (provider '" + p.name() + "')";
        }
        if (type != null) {
            return what + " " + type + " (rate_limit_settings.defaults for " + p.type().wireName() + ")";
        }
        return what + " unlimited";
    }

    private static String limit(RateLimit l) {
        Function<Integer, String> v = x -> x == null ? "unlimited" : String.valueOf(x);
        return "rpm " + v.apply(l.rpm()) + ", tpm " + v.apply(l.tpm());
    }

    private static String clipped(Sourced s, Duration request) {
        return fmt(s.value) + " (" + s.source + (s.value.compareTo(request) > 0 ? ", cut to the request timeout "
                + fmt(request) : "") + ")";
    }

    private static String fmt(Duration d) {
        return Durations.format(d);
    }

    private record Sourced(Duration value, String source) {
    }
}
