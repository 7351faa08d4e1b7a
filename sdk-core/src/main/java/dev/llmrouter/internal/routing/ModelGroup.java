package dev.llmrouter.internal.routing;

import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.config.RateLimit;
import java.util.List;

/**
 * A model group as the router runs it: its deployments, its group-level limit, and whether the
 * cache applies by default. Immutable and thread-safe.
 */
final class ModelGroup {
    final String name;
    final List<Deployment> deployments;
    final RateLimit limit;
    final boolean cache;

    ModelGroup(String name, List<Deployment> deployments, RateLimit limit, boolean cache) {
        this.name = name;
        this.deployments = List.copyOf(deployments);
        this.limit = limit;
        this.cache = cache;
    }

    /** True when some deployment declares a context window larger than {@code tokens}. */
    boolean hasWindowLargerThan(long tokens) {
        for (Deployment d : deployments) {
            Integer w = d.config().maxInputTokens().orElse(null);
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
