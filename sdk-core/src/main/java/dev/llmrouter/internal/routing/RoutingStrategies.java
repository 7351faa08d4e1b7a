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
 * Ties are broken at random. Each choice is O(candidates). Stateless and thread-safe.
 */
public final class RoutingStrategies {
    /** The name of the default strategy. */
    public static final String DEFAULT = "simple-shuffle";

    private static final Map<String, RoutingStrategy> BUILT_IN = builtIn();

    private RoutingStrategies() {
    }

    private static Map<String, RoutingStrategy> builtIn() {
        Map<String, RoutingStrategy> m = new LinkedHashMap<>();
        m.put("simple-shuffle", (c, ctx) -> weighted(c, ctx.random()));
        m.put("ordered", RoutingStrategies::lowestTier);
        m.put("least-busy", (c, ctx) -> lowest(c, ctx::inFlight, ctx.random()));
        m.put("latency-based", (c, ctx) -> lowest(c, d -> ctx.latencyMillis(d).orElse(0), ctx.random()));
        m.put("usage-based", (c, ctx) -> lowest(c, d -> -ctx.headroom(d), ctx.random()));
        m.put("cost-based", (c, ctx) -> lowest(c, d -> cost(d, ctx), ctx.random()));
        return Collections.unmodifiableMap(m);
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
        Deployment best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        int ties = 0;
        for (Deployment d : candidates) {
            double s = score.applyAsDouble(d);
            if (Double.isNaN(s)) {
                s = Double.POSITIVE_INFINITY;
            }
            if (best == null || s < bestScore) {
                best = d;
                bestScore = s;
                ties = 1;
            } else if (s == bestScore && random.nextInt(++ties) == 0) {
                best = d;
            }
        }
        return best;
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

    private static double cost(Deployment d, RoutingContext ctx) {
        Double in = d.config().inputCostPerToken().orElse(null);
        Double out = d.config().outputCostPerToken().orElse(null);
        if (in == null && out == null) {
            return Double.POSITIVE_INFINITY;
        }
        return (in == null ? 0 : in) * ctx.promptTokens() + (out == null ? 0 : out) * ctx.outputTokens();
    }
}
