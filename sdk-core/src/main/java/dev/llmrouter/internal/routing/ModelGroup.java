package dev.llmrouter.internal.routing;

import dev.llmrouter.config.RateLimit;
import dev.llmrouter.spi.routing.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A model group as the router runs it: its deployments, its group-level limit, whether the cache
 * applies by default, and what is computed once so that choosing does not look at every
 * deployment: a weighted draw over the group, one per {@code order} tier (lowest first), and the
 * largest declared context window. Immutable and thread-safe.
 */
final class ModelGroup {
    final String name;
    final List<Deployment> deployments;
    final RateLimit limit;
    final boolean cache;
    /** A draw by weight over the whole group. */
    final WeightedDraw draw;
    /** A draw by weight per {@code order} tier, lowest order first. */
    final List<WeightedDraw> tiers;
    /** The largest declared context window, or -1 when some deployment declares none (it fits anything). */
    private final long largestWindow;

    ModelGroup(String name, List<Deployment> deployments, RateLimit limit, boolean cache) {
        this.name = name;
        this.deployments = List.copyOf(deployments);
        this.limit = limit;
        this.cache = cache;
        int n = this.deployments.size();
        int[] all = new int[n];
        int[] weights = new int[n];
        TreeMap<Integer, List<Integer>> byOrder = new TreeMap<>();
        long largest = 0;
        for (int i = 0; i < n; i++) {
            Deployment d = this.deployments.get(i);
            all[i] = i;
            weights[i] = d.weight();
            byOrder.computeIfAbsent(d.order(), o -> new ArrayList<>()).add(i);
            Integer w = d.config().maxInputTokens();
            largest = largest < 0 || w == null ? -1 : Math.max(largest, w);
        }
        this.draw = new WeightedDraw(all, weights);
        List<WeightedDraw> t = new ArrayList<>(byOrder.size());
        for (List<Integer> tier : byOrder.values()) {
            int[] pos = tier.stream().mapToInt(Integer::intValue).toArray();
            int[] w = new int[pos.length];
            for (int k = 0; k < pos.length; k++) {
                w[k] = weights[pos[k]];
            }
            t.add(new WeightedDraw(pos, w));
        }
        this.tiers = List.copyOf(t);
        this.largestWindow = n == 0 ? 0 : largest;
    }

    /** The deployment at position {@code i}. */
    Deployment at(int i) {
        return deployments.get(i);
    }

    /** The position of {@code d} in this group, or -1 when it is not one of this group's deployments. */
    int positionOf(Deployment d) {
        if (d instanceof RouterDeployment rd) {
            int i = rd.index();
            if (i >= 0 && i < deployments.size() && deployments.get(i) == d) {
                return i;
            }
        }
        return -1;
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

    /** True when some deployment's window holds {@code tokens} (or declares none): O(1). */
    boolean someWindowHolds(long tokens) {
        return largestWindow < 0 || tokens <= largestWindow;
    }

    @Override
    public String toString() {
        return name;
    }
}
