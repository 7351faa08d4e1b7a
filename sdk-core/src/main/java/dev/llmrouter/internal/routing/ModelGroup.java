package dev.llmrouter.internal.routing;

import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.config.RateLimit;
import java.util.List;

/**
 * A model group as the router runs it: its deployments, its group-level limit, and whether the
 * cache applies by default. A wildcard group ({@code openai/*}, {@code *}) serves every requested
 * name it matches: resolved for one name, it is a copy named after that name, whose {@code match}
 * (the part the {@code *} stood for) replaces the {@code *} in its deployments' model names.
 * Immutable and thread-safe.
 */
final class ModelGroup {
    final String name;
    final List<Deployment> deployments;
    final RateLimit limit;
    final boolean cache;
    /** What the wildcard matched, for a wildcard group resolved for one name; else null. */
    final String match;
    /** The group's name in the configuration ({@code openai/*} for a resolved wildcard group). */
    final String configured;

    ModelGroup(String name, List<Deployment> deployments, RateLimit limit, boolean cache) {
        this(name, deployments, limit, cache, null, name);
    }

    private ModelGroup(String name, List<Deployment> deployments, RateLimit limit, boolean cache, String match,
                       String configured) {
        this.name = name;
        this.configured = configured;
        this.deployments = List.copyOf(deployments);
        this.limit = limit;
        this.cache = cache;
        this.match = match;
    }

    /** This wildcard group resolved for {@code requested}, whose wildcard part is {@code match}. */
    ModelGroup resolvedFor(String requested, String match) {
        return new ModelGroup(requested, deployments, limit, cache, match, name);
    }

    /** The model name to send for {@code d}: its own, with the wildcard replaced by what it matched. */
    String providerModel(Deployment d) {
        String m = d.model();
        return match != null && m.contains(dev.llmrouter.internal.config.Wildcards.STAR) ? m.replace(dev.llmrouter.internal.config.Wildcards.STAR, match) : m;
    }

    /** True when some deployment declares a context window larger than {@code tokens}. */
    boolean hasWindowLargerThan(long tokens) {
        for (Deployment d : deployments) {
            Integer w = d.config().maxInputTokens();
            if (w != null && w > tokens) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return name;
    }
}
