package dev.llmrouter.internal.routing;

import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.spi.routing.RoutingContext;
import dev.llmrouter.spi.routing.RoutingStrategy;
import dev.llmrouter.TimeSource;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.spi.state.Admission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the deployment for the next attempt of a group: choose first, check only the choice. The
 * strategy chooses among the group's deployments not yet ruled out (for the built-ins without a
 * candidate list: a weighted draw, O(log n), or one pass over in-memory figures); then only that
 * deployment gets the pre-call checks, each cheap and in memory (provider active, not marked down by
 * background probing, model actually served when discovery knows, the request's tags, the context
 * window ({@link ContextWindows}), a larger window after a context-window failure, and its circuit
 * not known to deny: {@link StateGate#circuitSkips}), and then the admission step. A deployment
 * that fails either is ruled out and the strategy chooses again. Deployments that already failed in
 * this request are ruled out until no other is left, then chosen among the same way. When only
 * concurrency said no, it waits, first come first served, for a slot of the strategy's choice inside
 * the deadline. A selection whose first choice is admitted costs one admit and allocates the same
 * whatever the group's size; one that rules out k deployments costs k checks. Thread-safe.
 */
final class DeploymentSelector {
    private final StateGate gate;
    private final RoutingStrategy strategy;
    private final HealthMonitor health;
    private final Events events;
    private final ContextWindows windows;
    private final TimeSource time;

    DeploymentSelector(StateGate gate, RoutingStrategy strategy, HealthMonitor health, Events events,
                       ContextWindows windows, TimeSource time) {
        this.gate = gate;
        this.strategy = strategy;
        this.health = health;
        this.events = events;
        this.windows = windows;
        this.time = time;
    }

    /** Why a deployment was passed over. */
    enum Reason { DISABLED, DOWN, NOT_SERVED, TAGS, CONTEXT, WINDOW, CIRCUIT_OPEN, RATE_LIMITED, CONCURRENCY }

    /** A deployment passed over, with when it may be available again (zero / null when unknown). */
    record Skip(Deployment deployment, Reason reason, Duration retryAfter, Instant recoversAt, String detail) {
        @Override
        public String toString() {
            return deployment.id() + ": " + detail;
        }
    }

    /**
     * The outcome: a deployment with its granted admission, or none and why; {@code waitedOut} when
     * a wait for a concurrency slot lasted until the deadline.
     */
    record Selection(Deployment deployment, Admission admission, List<Skip> skips, boolean waitedOut) {
        boolean granted() {
            return deployment != null;
        }
    }

    Selection select(GroupRun run) {
        RequestState st = run.state;
        ModelGroup group = run.group;
        Context ctx = new Context(st, gate, time.nanoTime());
        Exclusions ruledOut = new Exclusions(group.deployments.size());
        List<Deployment> again = null;
        for (Deployment f : st.failed) {
            int i = group.positionOf(f);
            if (i >= 0) {
                ruledOut.add(i);
                again = again == null ? new ArrayList<>(2) : again;
                again.add(f);
            }
        }
        List<Skip> skips = new ArrayList<>(0);
        List<Deployment> queued = null;
        int i;
        while ((i = choose(group, ruledOut, ctx)) >= 0) {
            Deployment d = group.at(i);
            ruledOut.add(i);
            Admission a = check(run, d, skips, ctx.now);
            if (a != null && a.granted()) {
                return new Selection(d, a, skips, false);
            }
            queued = queue(queued, d, a);
        }
        if (again != null) {
            again.sort(java.util.Comparator.comparingInt(Deployment::index));
            while (!again.isEmpty()) {
                Deployment d = pickFrom(lowestOrder(again), ctx);
                again.remove(d);
                Admission a = check(run, d, skips, ctx.now);
                if (a != null && a.granted()) {
                    return new Selection(d, a, skips, false);
                }
                queued = queue(queued, d, a);
            }
        }
        if (queued != null) {
            long wait = run.deadline() - time.nanoTime();
            if (wait > 0) {
                Deployment d = pickFrom(lowestOrder(queued), ctx);
                Admission a = gate.admit(st, group, d, wait);
                if (a.granted()) {
                    return new Selection(d, a, skips, false);
                }
                return new Selection(null, null, ordered(skips), true);
            }
        }
        return new Selection(null, null, ordered(skips), false);
    }

    /**
     * The pre-call checks, then the admission, of one chosen deployment: the admission (granted or
     * denied, its denial noted in {@code skips}), or null when a check skipped it (noted too).
     */
    private Admission check(GroupRun run, Deployment d, List<Skip> skips, long now) {
        Reason r = precheck(run, d, now);
        if (r != null) {
            skips.add(skip(run, d, r, now));
            return null;
        }
        Admission a = gate.admit(run.state, run.group, d, 0);
        if (!a.granted()) {
            skips.add(denied(run.state, d, a));
        }
        return a;
    }

    private static List<Deployment> queue(List<Deployment> queued, Deployment d, Admission a) {
        if (a == null || a.denial() != Admission.Denial.CONCURRENCY) {
            return queued;
        }
        List<Deployment> q = queued == null ? new ArrayList<>(2) : queued;
        q.add(d);
        return q;
    }

    /** The skips of a failed selection in a stable order: skips and circuit denials by position, then other denials as made. */
    private static List<Skip> ordered(List<Skip> skips) {
        skips.sort(java.util.Comparator.comparingInt(s -> s.reason().ordinal() <= Reason.CIRCUIT_OPEN.ordinal()
                ? s.deployment().index() : Integer.MAX_VALUE));
        return skips;
    }

    /** True when a deployment that has not failed in this request passes the pre-call checks. */
    boolean hasFreshCandidate(GroupRun run) {
        long now = time.nanoTime();
        for (Deployment d : run.group.deployments) {
            if (!run.state.failed.contains(d) && precheck(run, d, now) == null) {
                return true;
            }
        }
        return false;
    }

    /** True when any deployment passes the pre-call checks (its circuit not known to deny, among others). */
    boolean hasAnyCandidate(GroupRun run) {
        long now = time.nanoTime();
        for (Deployment d : run.group.deployments) {
            if (precheck(run, d, now) == null) {
                return true;
            }
        }
        return false;
    }

    /**
     * The strategy's choice among the group's positions not ruled out, within the lowest
     * {@code order} tier that has one left (LiteLLM tries the lowest tier first whatever the
     * strategy, and so does llmrouter), or -1 when none is left. A built-in chooses over the group
     * directly; a custom strategy gets the group's own list while nothing is ruled out and the group
     * has one tier, else a list of what is left in the tier.
     */
    private int choose(ModelGroup group, Exclusions ruledOut, Context ctx) {
        if (ruledOut.all()) {
            return -1;
        }
        Exclusions open = group.tiers.size() > 1 ? lowestTierLeft(group, ruledOut) : ruledOut;
        int i = RoutingStrategies.pick(strategy, group, open, ctx);
        if (i != -2) {
            return i;
        }
        List<Deployment> candidates = group.deployments;
        if (open.count() > 0) {
            candidates = new ArrayList<>(candidates.size() - open.count());
            for (int k = 0; k < group.deployments.size(); k++) {
                if (!open.contains(k)) {
                    candidates.add(group.deployments.get(k));
                }
            }
        }
        Deployment d = candidates.size() == 1 ? candidates.get(0) : strategy.choose(candidates, ctx);
        int pos = group.positionOf(d);
        if (pos < 0 || open.contains(pos)) {
            throw notACandidate(d);
        }
        return pos;
    }

    /**
     * {@code ruledOut} plus every position outside the lowest tier that still has one left. O(group)
     * and one allocation, paid only by groups that mix {@code order} values.
     */
    private static Exclusions lowestTierLeft(ModelGroup group, Exclusions ruledOut) {
        int n = group.deployments.size();
        int tier = Integer.MAX_VALUE;
        for (int k = 0; k < n; k++) {
            if (!ruledOut.contains(k)) {
                tier = Math.min(tier, group.tierOf[k]);
            }
        }
        Exclusions open = new Exclusions(n);
        for (int k = 0; k < n; k++) {
            if (group.tierOf[k] != tier || ruledOut.contains(k)) {
                open.add(k);
            }
        }
        return open;
    }

    /**
     * The deployments of the lowest {@code order} tier among {@code candidates}, for the choices made
     * over a list (retrying the request's failed deployments, waiting for a slot). No copy when every
     * candidate has the same order (the common case).
     */
    static List<Deployment> lowestOrder(List<Deployment> candidates) {
        int min = Integer.MAX_VALUE;
        boolean mixed = false;
        for (Deployment d : candidates) {
            if (min != Integer.MAX_VALUE && d.order() != min) {
                mixed = true;
            }
            min = Math.min(min, d.order());
        }
        if (!mixed) {
            return candidates;
        }
        List<Deployment> tier = new ArrayList<>(candidates.size());
        for (Deployment d : candidates) {
            if (d.order() == min) {
                tier.add(d);
            }
        }
        return tier;
    }

    private Deployment pickFrom(List<Deployment> candidates, Context ctx) {
        return candidates.size() == 1 ? candidates.get(0) : verified(strategy.choose(candidates, ctx), candidates);
    }

    private static Deployment verified(Deployment d, List<Deployment> candidates) {
        for (Deployment c : candidates) {
            if (c == d) {
                return d;
            }
        }
        throw notACandidate(d);
    }

    private static IllegalStateException notACandidate(Deployment d) {
        return new IllegalStateException("routing strategy returned " + d + ", which is not among its candidates");
    }

    /** Why {@code d} is passed over before admission, or null when it passes: memory reads only. */
    private Reason precheck(GroupRun run, Deployment d, long now) {
        if (RouterDeployment.of(d).adapter == null || !d.providerConfig().isActive()) {
            return Reason.DISABLED;
        }
        if (health.downReason(d.provider()) != null) {
            return Reason.DOWN;
        }
        if (Boolean.FALSE.equals(health.serves(d))) {
            return Reason.NOT_SERVED;
        }
        RequestOptions options = run.state.request.options();
        if (!options.tags().isEmpty() && !d.tags().containsAll(options.tags())) {
            return Reason.TAGS;
        }
        if (!windows.fits(run.state, d)) {
            return Reason.CONTEXT;
        }
        Integer window = d.config().maxInputTokens().orElse(null);
        if (run.windowAbove >= 0 && (window == null || window <= run.windowAbove)) {
            return Reason.WINDOW;
        }
        if (StateGate.circuitSkips(d, now)) {
            return Reason.CIRCUIT_OPEN;
        }
        return null;
    }

    /** The skip record of a deployment {@link #precheck} passed over for {@code reason}, with its detail. */
    private Skip skip(GroupRun run, Deployment d, Reason reason, long now) {
        RequestState st = run.state;
        return switch (reason) {
            case DISABLED -> skip(d, reason, "provider " + d.provider() + " is disabled");
            case DOWN -> skip(d, reason, "provider " + d.provider() + " is down (" + health.downReason(d.provider()) + ")");
            case NOT_SERVED -> skip(d, reason, d.provider() + " does not serve " + d.model() + " now (serves "
                    + health.servedModels(d.provider()) + ")");
            case TAGS -> skip(d, reason, "lacks tags " + st.request.options().tags());
            case CONTEXT -> skip(d, reason, ContextWindows.shortfall(st, d));
            case WINDOW -> skip(d, reason, "context window not larger than " + run.windowAbove);
            default -> {
                Instant at = gate.recoversAt(d, now);
                yield new Skip(d, Reason.CIRCUIT_OPEN, Duration.ZERO, at, "circuit open until " + at);
            }
        };
    }

    private static Skip skip(Deployment d, Reason reason, String detail) {
        return new Skip(d, reason, Duration.ZERO, null, detail);
    }

    private Skip denied(RequestState st, Deployment d, Admission a) {
        Admission.Denial denial = a.denial();
        if (a.deniedByRateLimit()) {
            events.rateLimited(st.info, d, denial, a.retryAfter());
            return new Skip(d, Reason.RATE_LIMITED, a.retryAfter(), null,
                    "over its " + denial.name().toLowerCase(java.util.Locale.ROOT) + " limit, free in "
                            + a.retryAfter().toMillis() + " ms");
        }
        if (denial == Admission.Denial.CONCURRENCY) {
            return new Skip(d, Reason.CONCURRENCY, a.retryAfter(), null, "no free concurrency slot");
        }
        Instant at = a.retryAfter().isZero() ? null : time.now().plus(a.retryAfter());
        return new Skip(d, Reason.CIRCUIT_OPEN, a.retryAfter(), at, "circuit open (probe in flight or cooling down)");
    }

    /** The live figures a strategy reads. */
    static final class Context implements RoutingContext {
        private final RequestState st;
        private final StateGate gate;
        /** The selection's time (one clock read per selection, not one per deployment). */
        final long now;

        Context(RequestState st, StateGate gate, long now) {
            this.st = st;
            this.gate = gate;
            this.now = now;
        }

        @Override
        public dev.llmrouter.api.ChatRequest request() {
            return st.request;
        }

        @Override
        public boolean streaming() {
            return st.streaming;
        }

        @Override
        public long promptTokens() {
            return st.promptTokens;
        }

        @Override
        public long outputTokens() {
            return st.outputTokens;
        }

        @Override
        public int inFlight(Deployment d) {
            return RouterDeployment.of(d).inFlight.get();
        }

        @Override
        public double headroom(Deployment d) {
            return gate.headroom(d, now);
        }

        @Override
        public java.util.OptionalDouble latencyMillis(Deployment d) {
            double v = latencyOrNaN(d);
            return Double.isNaN(v) ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(v);
        }

        /**
         * {@link #latencyMillis} without the {@code OptionalDouble}: NaN before the first sample. The
         * one-pass strategies read it for every deployment of a group, so it must not allocate.
         */
        double latencyOrNaN(Deployment d) {
            RouterDeployment rd = RouterDeployment.of(d);
            double v = st.streaming ? rd.timeToFirstToken.value() : Double.NaN;
            return Double.isNaN(v) ? rd.latency.value() : v;
        }

        @Override
        public java.util.random.RandomGenerator random() {
            return java.util.concurrent.ThreadLocalRandom.current();
        }
    }
}
