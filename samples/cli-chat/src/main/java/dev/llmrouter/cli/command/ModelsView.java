package dev.llmrouter.cli.command;

import dev.llmrouter.RouterHealth;
import dev.llmrouter.RouterHealth.DeploymentHealth;
import dev.llmrouter.cli.output.Formats;
import dev.llmrouter.cli.output.Table;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.config.RouterConfig;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints the model groups: each deployment with its provider, provider-side model, the rpm/tpm
 * limits as enforced (its own, else its provider's, else its type's default), its status (the
 * provider disabled, or the circuit state) and the group's fallback chains; group-level limits on
 * a row of their own; then the aliases. Stateless and thread-safe.
 */
final class ModelsView {
    private ModelsView() {
    }

    /** Prints the table; {@code health} gives the circuit states (deployments in configuration order). */
    static void print(RouterConfig config, RouterHealth health, PrintStream out) {
        Table t = new Table("MODEL GROUP", "DEPLOYMENT", "PROVIDER", "MODEL", "RPM", "TPM", "STATUS", "FALLBACKS");
        boolean limitsOn = config.rateLimitSettings().enabled();
        for (ModelGroupConfig g : config.models().values()) {
            String fallbacks = fallbacks(config, g.name());
            boolean first = true;
            RateLimit groupLimit = g.limit().orElse(config.rateLimitSettings().limits().getOrDefault(g.name(), RateLimit.NONE));
            if (limitsOn && (groupLimit.rpm() != null || groupLimit.tpm() != null)) {
                t.row(g.name(), "(whole group)", "", "", Formats.limit(groupLimit.rpm()), Formats.limit(groupLimit.tpm()), "",
                        fallbacks);
                first = false;
            }
            for (int i = 0; i < g.deployments().size(); i++) {
                DeploymentConfig d = g.deployments().get(i);
                RateLimit limit = config.deploymentLimit(d);
                t.row(first ? g.name() : "", deploymentId(health, g.name(), i, d), d.provider(), d.model(),
                        limitsOn ? Formats.limit(limit.rpm()) : "off", limitsOn ? Formats.limit(limit.tpm()) : "off", status(config, health, g.name(), i, d),
                        first ? fallbacks : "");
                first = false;
            }
        }
        t.print(out);
        if (!config.aliases().isEmpty()) {
            out.println();
            List<String> aliases = new ArrayList<>();
            config.aliases().forEach((a, g) -> aliases.add(a + " -> " + g));
            out.println("aliases: " + String.join(", ", aliases));
        }
    }

    private static String fallbacks(RouterConfig config, String group) {
        List<String> parts = new ArrayList<>();
        List<String> general = config.fallbacks().general().get(group);
        if (general != null && !general.isEmpty()) {
            parts.add(String.join(", ", general));
        } else if (!config.fallbacks().defaults().isEmpty()) {
            parts.add(String.join(", ", config.fallbacks().defaults()) + " (default)");
        }
        add(parts, "context window", config.fallbacks().contextWindow(), group);
        add(parts, "content policy", config.fallbacks().contentPolicy(), group);
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }

    private static void add(List<String> parts, String kind, Map<String, List<String>> chains, String group) {
        List<String> chain = chains.get(group);
        if (chain != null && !chain.isEmpty()) {
            parts.add(kind + ": " + String.join(", ", chain));
        }
    }

    /** The deployment's health: ids are {@code group/provider/model#index}. */
    private static DeploymentHealth find(RouterHealth health, String group, int index) {
        for (DeploymentHealth h : health.deployments()) {
            if (h.group().equals(group) && h.id().endsWith("#" + index)) {
                return h;
            }
        }
        return null;
    }

    private static String deploymentId(RouterHealth health, String group, int index, DeploymentConfig d) {
        DeploymentHealth h = find(health, group, index);
        return h == null ? "#" + index : h.id();
    }

    private static String status(RouterConfig config, RouterHealth health, String group, int index, DeploymentConfig d) {
        ProviderConfig p = config.providers().get(d.provider());
        if (p != null && !p.isActive()) {
            return "disabled";
        }
        DeploymentHealth h = find(health, group, index);
        if (h == null) {
            return "-";
        }
        String circuit = HealthView.circuit(h.circuit(), health.checkedAt());
        return Boolean.FALSE.equals(h.served()) ? circuit + ", model not served" : circuit;
    }
}
