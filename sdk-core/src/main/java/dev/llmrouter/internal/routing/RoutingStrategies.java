package dev.llmrouter.internal.routing;

import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.spi.routing.RoutingContext;
import dev.llmrouter.spi.routing.RoutingStrategy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * The built-in strategies of DESIGN 4.5, by their configuration names:
 * <ul>
 *   <li>{@code simple-shuffle} (default): weighted random by {@code weight}.</li>
 *   <li>{@code ordered}: the lowest {@code order} first, weighted random within a tier; the next
 *       tier is used only when every deployment of the lower one is unavailable.</li>
 *   <li>{@code least-busy}: fewest requests in flight.</li>
 *   <li>{@code latency-based}: lowest moving-average latency (time to first chunk for streams);
 *       deployments without a sample yet go first, so each gets measured.</li>
 *   <li>{@code usage-based}: most rate-limit headroom left.</li>
 *   <li>{@code cost-based}: cheapest for this request (input price x prompt estimate + output price
 *       x output tokens); deployments without prices go last.</li>
 * </ul>
 * Ties are broken at random. Over a candidate list each choice is O(candidates). The router itself
 * chooses over the whole group without building a list (see {@link #pick}): {@code simple-shuffle}
 * and {@code ordered} by a weighted draw computed once per group, O(log n); the others in one pass
 * over the group reading in-memory figures only (no state store call, no lock, no allocation per
 * deployment). Stateless and thread-safe.
 */
public final class RoutingStrategies {
    /** The name of the default strategy. */
    public static final String DEFAULT = "simple-shuffle";

    private static final Map<String, RoutingStrategy> BUILT_IN = builtIn();

    private RoutingStrategies() {
    }

    /** A choice over the whole group, skipping excluded positions: a position, or -1 when none is left. */
    @FunctionalInterface
    interface GroupPick {
        int pick(ModelGroup group, Exclusions excluded, RoutingContext ctx);
    }

    /** A built-in: its choice over a candidate list (the SPI) and the same choice over a whole group. */
    private record BuiltIn(RoutingStrategy onList, GroupPick onGroup) implements RoutingStrategy {
        @Override
        public Deployment choose(List<Deployment> candidates, RoutingContext context) {
            return onList.choose(candidates, context);
        }
    }

    private static Map<String, RoutingStrategy> builtIn() {
        Map<String, RoutingStrategy> m = new LinkedHashMap<>();
        m.put("simple-shuffle", new BuiltIn((c, ctx) -> weighted(c, ctx.random()),
                (g, ex, ctx) -> g.draw.pick(ctx.random(), ex)));
        m.put("ordered", new BuiltIn(RoutingStrategies::lowestTier, RoutingStrategies::lowestTier));
        m.put("least-busy", scored(ctx -> ctx::inFlight));
        m.put("latency-based", scored(RoutingStrategies::latency));
        m.put("usage-based", scored(ctx -> d -> -ctx.headroom(d)));
        m.put("cost-based", scored(ctx -> d -> cost(d, ctx)));
        return Collections.unmodifiableMap(m);
    }

    private static RoutingStrategy scored(java.util.function.Function<RoutingContext, ToDoubleFunction<Deployment>> score) {
        return new BuiltIn((c, ctx) -> lowest(c, score.apply(ctx), ctx.random()),
                (g, ex, ctx) -> lowest(g.deployments, ex, score.apply(ctx), ctx.random()));
    }

    /**
     * The position {@code strategy} chooses among the group's deployments not in {@code excluded}, or -1
     * when none is left (or, for a custom strategy, -2: it has no choice over a whole group, so the
     * caller passes it a candidate list).
     */
    static int pick(RoutingStrategy strategy, ModelGroup group, Exclusions excluded, RoutingContext ctx) {
        return strategy instanceof BuiltIn b ? b.onGroup().pick(group, excluded, ctx) : -2;
    }

    /** The built-in strategy of that name, if any. */
    public static Optional<RoutingStrategy> named(String name) {
        return Optional.ofNullable(BUILT_IN.get(name));
    }

    /** The built-in names, in the order above. */
    public static Set<String> names() {
        return BUILT_IN.keySet();
    }

    /** Weighted random choice; weights of zero or less count as zero, and all-zero is uniform. */
    public static Deployment weighted(List<Deployment> candidates, RandomGenerator random) {
        long total = 0;
        for (Deployment d : candidates) {
            total += Math.max(0, d.weight());
        }
        if (total == 0) {
            return candidates.get(random.nextInt(candidates.size()));
        }
        long r = random.nextLong(total);
        for (Deployment d : candidates) {
            r -= Math.max(0, d.weight());
            if (r < 0) {
                return d;
            }
        }
        return candidates.get(candidates.size() - 1);
    }

    /** The candidate with the lowest score; ties broken uniformly at random (one pass, reservoir). */
    public static Deployment lowest(List<Deployment> candidates, ToDoubleFunction<Deployment> score,
                                    RandomGenerator random) {
        return candidates.get(lowest(candidates, null, score, random));
    }

    /**
     * The position in {@code all} of the lowest score, skipping {@code excluded} positions (null: none);
     * ties broken uniformly at random (one pass, reservoir); -1 when nothing is left.
     */
    private static int lowest(List<Deployment> all, Exclusions excluded, ToDoubleFunction<Deployment> score,
                              RandomGenerator random) {
        int best = -1;
        double bestScore = Double.POSITIVE_INFINITY;
        int ties = 0;
        boolean skip = excluded != null && excluded.count() > 0;
        for (int i = 0, n = all.size(); i < n; i++) {
            if (skip && excluded.contains(i)) {
                continue;
            }
            double s = score.applyAsDouble(all.get(i));
            if (Double.isNaN(s)) {
                s = Double.POSITIVE_INFINITY;
            }
            if (best < 0 || s < bestScore) {
                best = i;
                bestScore = s;
                ties = 1;
            } else if (s == bestScore && random.nextInt(++ties) == 0) {
                best = i;
            }
        }
        return best;
    }

    /** Over a whole group: the lowest tier with a position left, weighted within it. */
    private static int lowestTier(ModelGroup g, Exclusions excluded, RoutingContext ctx) {
        for (WeightedDraw tier : g.tiers) {
            int i = tier.pick(ctx.random(), excluded);
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static Deployment lowestTier(List<Deployment> candidates, RoutingContext ctx) {
        int min = Integer.MAX_VALUE;
        long total = 0;
        int tierSize = 0;
        for (Deployment d : candidates) {
            if (d.order() < min) {
                min = d.order();
                total = 0;
                tierSize = 0;
            }
            if (d.order() == min) {
                total += Math.max(0, d.weight());
                tierSize++;
            }
        }
        // weighted within the tier; an all-zero tier is uniform
        long r = total == 0 ? ctx.random().nextInt(tierSize) : ctx.random().nextLong(total);
        Deployment last = null;
        for (Deployment d : candidates) {
            if (d.order() == min) {
                last = d;
                r -= total == 0 ? 1 : Math.max(0, d.weight());
                if (r < 0) {
                    return d;
                }
            }
        }
        return last;
    }

    /**
     * Latency in ms, 0 before the first sample (so unmeasured deployments go first); the router's own
     * context reads it without allocating, which matters because every deployment of a group is scored.
     */
    private static ToDoubleFunction<Deployment> latency(RoutingContext ctx) {
        if (ctx instanceof DeploymentSelector.Context own) {
            return d -> {
                double v = own.latencyOrNaN(d);
                return Double.isNaN(v) ? 0 : v;
            };
        }
        return d -> ctx.latencyMillis(d).orElse(0);
    }

    private static double cost(Deployment d, RoutingContext ctx) {
        Double in = d.config().inputCostPerToken().orElse(null);
        Double out = d.config().outputCostPerToken().orElse(null);
        if (in == null && out == null) {
            return Double.POSITIVE_INFINITY;
        }
        return (in == null ? 0 : in) * ctx.promptTokens() + (out == null ? 0 : out) * ctx.outputTokens();
    }
}
