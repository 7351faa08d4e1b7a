package dev.llmrouter.routing;

import dev.llmrouter.config.RateLimit;
import java.util.List;

/**
 * A model group as the router runs it: its deployments, its group-level limit, whether the cache
 * applies by default, and the largest context window of its deployments when every one of them
 * declares it. Immutable and thread-safe.
 */
final class ModelGroup {
    final String name;
    final List<Deployment> deployments;
    final RateLimit limit;
    final boolean cache;
    /** The largest declared context window, or -1 when some deployment does not declare one. */
    final long largestWindow;

    ModelGroup(String name, List<Deployment> deployments, RateLimit limit, boolean cache) {
        this.name = name;
        this.deployments = List.copyOf(deployments);
        this.limit = limit;
        this.cache = cache;
        long largest = 0;
        for (Deployment d : deployments) {
            Integer w = d.config().maxInputTokens();
            if (w == null) {
                largest = -1;
                break;
            }
            largest = Math.max(largest, w);
        }
        this.largestWindow = largest;
    }

    /** True when every deployment's declared context window is smaller than {@code promptTokens}. */
    boolean tooSmallFor(long promptTokens) {
        return largestWindow >= 0 && promptTokens > largestWindow;
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
