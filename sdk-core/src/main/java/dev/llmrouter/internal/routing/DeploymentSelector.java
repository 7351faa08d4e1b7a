package dev.llmrouter.internal.routing;

import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.spi.routing.RoutingContext;
import dev.llmrouter.spi.routing.RoutingStrategy;
import dev.llmrouter.TimeSource;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.AdmissionControl;
import dev.llmrouter.spi.state.AdmissionRequest;
import dev.llmrouter.spi.state.CircuitPolicy;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spi.state.CircuitView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the deployment for the next attempt of a group. First the pre-call checks, each cheap and
 * in memory: provider active, not marked down by background probing, model actually served (when
 * discovery knows), the request's tags, the context window ({@link ContextWindows}), a larger
 * window after a context-window failure, and the circuit not open (from its view: no admission
 * asked). Then the strategy orders what is left, within the lowest {@code order} tier first (under
 * any strategy, as LiteLLM does), deployments that already failed in this request last, and the first one the admission step grants is used; denied ones are skipped. When only
 * concurrency said no, it waits, first come first served, for a slot of the strategy's choice
 * inside the deadline. O(deployments) per selection. Thread-safe.
 */
final class DeploymentSelector {
    private final AdmissionControl admission;
    private final RoutingStrategy strategy;
    private final CircuitPolicy policy;
    private final HealthMonitor health;
    private final Events events;
    private final ContextWindows windows;
    private final TimeSource time;

    DeploymentSelector(AdmissionControl admission, RoutingStrategy strategy, CircuitPolicy policy, HealthMonitor health,
                       Events events, ContextWindows windows, TimeSource time) {
        this.admission = admission;
        this.strategy = strategy;
        this.policy = policy;
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
        List<Deployment> deployments = run.group.deployments;
        List<Skip> skips = new ArrayList<>();
        List<Deployment> fresh = new ArrayList<>(deployments.size());
        List<Deployment> again = new ArrayList<>(0);
        for (Deployment d : deployments) {
            Skip s = precheck(run, d);
            if (s != null) {
                skips.add(s);
            } else {
                (st.failed.contains(d) ? again : fresh).add(d);
            }
        }
        Context ctx = new Context(st, admission);
        List<Deployment> queued = null;
        for (List<Deployment> tier : List.of(fresh, again)) {
            while (!tier.isEmpty()) {
                Deployment d = choose(tier, ctx);
                Admission a = st.scope.admit(admission, request(st, run.group, d), 0);
                if (a.granted()) {
                    return new Selection(d, a, skips, false);
                }
                tier.remove(d);
                skips.add(denied(st, d, a));
                if (a.denial() == Admission.Denial.CONCURRENCY) {
                    if (queued == null) {
                        queued = new ArrayList<>(2);
                    }
                    queued.add(d);
                }
            }
        }
        if (queued != null) {
            long wait = run.deadline() - time.nanoTime();
            if (wait > 0) {
                Deployment d = choose(queued, ctx);
                Admission a = st.scope.admit(admission, request(st, run.group, d), wait);
                if (a.granted()) {
                    return new Selection(d, a, skips, false);
                }
                return new Selection(null, null, skips, true);
            }
        }
        return new Selection(null, null, skips, false);
    }

    /** True when a deployment that has not failed in this request passes the pre-call checks. */
    boolean hasFreshCandidate(GroupRun run) {
        for (Deployment d : run.group.deployments) {
            if (!run.state.failed.contains(d) && precheck(run, d) == null) {
                return true;
            }
        }
        return false;
    }

    /** True when any deployment passes the pre-call checks (its circuit not open, among others). */
    boolean hasAnyCandidate(GroupRun run) {
        for (Deployment d : run.group.deployments) {
            if (precheck(run, d) == null) {
                return true;
            }
        }
        return false;
    }

    private Deployment choose(List<Deployment> all, Context ctx) {
        List<Deployment> candidates = lowestOrder(all);
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        Deployment d = strategy.choose(candidates, ctx);
        for (Deployment c : candidates) {
            if (c == d) {
                return d;
            }
        }
        throw new IllegalStateException("routing strategy returned " + d + ", which is not among its candidates");
    }

    /**
     * The candidates of the lowest {@code order} tier: LiteLLM tries the lowest tier first whatever
     * the strategy, and so does llmrouter; the strategy chooses within the tier. No copy when every
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

    private Skip precheck(GroupRun run, Deployment d) {
        RequestState st = run.state;
        if (RouterDeployment.of(d).adapter == null || !d.providerConfig().isActive()) {
            return skip(d, Reason.DISABLED, "provider " + d.provider() + " is disabled");
        }
        String down = health.downReason(d.provider());
        if (down != null) {
            return skip(d, Reason.DOWN, "provider " + d.provider() + " is down (" + down + ")");
        }
        if (Boolean.FALSE.equals(health.serves(d))) {
            return skip(d, Reason.NOT_SERVED, d.provider() + " does not serve " + d.model() + " now (serves "
                    + health.servedModels(d.provider()) + ")");
        }
        RequestOptions options = st.request.options();
        if (!options.tags().isEmpty() && !d.tags().containsAll(options.tags())) {
            return skip(d, Reason.TAGS, "lacks tags " + options.tags());
        }
        if (!windows.fits(st, d)) {
            return skip(d, Reason.CONTEXT, ContextWindows.shortfall(st, d));
        }
        Integer window = d.config().maxInputTokens();
        if (run.windowAbove >= 0 && (window == null || window <= run.windowAbove)) {
            return skip(d, Reason.WINDOW, "context window not larger than " + run.windowAbove);
        }
        CircuitView view = admission.circuit(d.id(), policy);
        events.circuitSeen(d, view);
        if (view.state() == CircuitState.OPEN) {
            return new Skip(d, Reason.CIRCUIT_OPEN, Duration.ZERO, view.openUntil(),
                    "circuit open" + (view.openUntil() == null ? "" : " until " + view.openUntil()));
        }
        return null;
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

    private AdmissionRequest request(RequestState st, ModelGroup group, Deployment d) {
        return new AdmissionRequest(st.nextAdmissionId(), d.id(), d.provider(), group.name, d.limit(), group.limit,
                d.providerConfig().maxParallelRequests().orElse(0), d.config().maxParallelRequests() == null ? 0
                        : d.config().maxParallelRequests(), st.reservedTokens(), policy);
    }

    /** The live figures a strategy reads. */
    private static final class Context implements RoutingContext {
        private final RequestState st;
        private final AdmissionControl admission;

        Context(RequestState st, AdmissionControl admission) {
            this.st = st;
            this.admission = admission;
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
            return admission.inFlight(d.id());
        }

        @Override
        public double headroom(Deployment d) {
            return admission.headroom(d.id(), d.limit());
        }

        @Override
        public java.util.OptionalDouble latencyMillis(Deployment d) {
            double v = st.streaming ? RouterDeployment.of(d).timeToFirstToken.value() : Double.NaN;
            if (Double.isNaN(v)) {
                v = RouterDeployment.of(d).latency.value();
            }
            return Double.isNaN(v) ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(v);
        }

        @Override
        public java.util.random.RandomGenerator random() {
            return java.util.concurrent.ThreadLocalRandom.current();
        }
    }
}
