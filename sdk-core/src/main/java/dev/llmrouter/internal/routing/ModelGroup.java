package dev.llmrouter.internal.routing;

import dev.llmrouter.config.RateLimit;
import dev.llmrouter.internal.config.Wildcards;
import dev.llmrouter.spi.routing.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A model group as the router runs it: its deployments, its group-level limit, whether the cache
 * applies by default, and what is computed once so that choosing does not look at every
 * deployment: a weighted draw over the group, one per {@code order} tier (lowest first), and the
 * largest declared context window. A wildcard group ({@code openai/*}, {@code *}) serves every
 * requested name it matches: resolved for one name, it is a copy named after that name, whose
 * {@code match} (the part the {@code *} stood for) replaces the {@code *} in its deployments' model
 * names. Immutable and thread-safe.
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
    /** The tier (index into {@link #tiers}) of each position. */
    final int[] tierOf;
    /** The largest declared context window, or -1 when some deployment declares none (it fits anything). */
    private final long largestWindow;
    /** What the wildcard matched, for a wildcard group resolved for one name; else null. */
    final String match;
    /** The group's name in the configuration ({@code openai/*} for a resolved wildcard group). */
    final String configured;

    ModelGroup(String name, List<Deployment> deployments, RateLimit limit, boolean cache) {
        this.name = name;
        this.configured = name;
        this.match = null;
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
            Integer w = d.config().maxInputTokens().orElse(null);
            largest = largest < 0 || w == null ? -1 : Math.max(largest, w);
        }
        this.draw = new WeightedDraw(all, weights);
        List<WeightedDraw> t = new ArrayList<>(byOrder.size());
        this.tierOf = new int[n];
        for (List<Integer> tier : byOrder.values()) {
            for (int p : tier) {
                tierOf[p] = t.size();
            }
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

    /** A copy of {@code wildcard} resolved for {@code requested}: shares what was computed once. */
    private ModelGroup(ModelGroup wildcard, String requested, String match) {
        this.name = requested;
        this.configured = wildcard.name;
        this.match = match;
        this.deployments = wildcard.deployments;
        this.limit = wildcard.limit;
        this.cache = wildcard.cache;
        this.draw = wildcard.draw;
        this.tiers = wildcard.tiers;
        this.tierOf = wildcard.tierOf;
        this.largestWindow = wildcard.largestWindow;
    }

    /** This wildcard group resolved for {@code requested}, whose wildcard part is {@code match}. */
    ModelGroup resolvedFor(String requested, String match) {
        return new ModelGroup(this, requested, match);
    }

    /** The model name to send for {@code d}: its own, with the wildcard replaced by what it matched. */
    String providerModel(Deployment d) {
        String m = d.model();
        return match != null && m.contains(Wildcards.STAR) ? m.replace(Wildcards.STAR, match) : m;
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
            Integer w = d.config().maxInputTokens().orElse(null);
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
