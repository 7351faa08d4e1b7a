package dev.llmrouter.internal.routing;

import dev.llmrouter.internal.routing.ContextWindows;
import dev.llmrouter.internal.routing.DeploymentSelector;
import dev.llmrouter.internal.routing.EngineWiring;
import dev.llmrouter.internal.routing.Events;
import dev.llmrouter.internal.routing.GroupRun;
import dev.llmrouter.internal.routing.HealthMonitor;
import dev.llmrouter.internal.routing.ModelGroup;
import dev.llmrouter.internal.routing.RequestLimits;
import dev.llmrouter.internal.routing.RequestScope;
import dev.llmrouter.internal.routing.RequestState;
import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.TimeSource;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.FailureKind;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.internal.SecretRedactor;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.internal.provider.ProviderResources;
import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.AdmissionRequest;
import dev.llmrouter.spi.state.AttemptResult;
import dev.llmrouter.spi.state.CircuitPolicy;
import dev.llmrouter.internal.state.LocalAdmissionControl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The router's in-memory decision path, wired as {@link RouterEngine} wires it, for the JMH
 * benchmarks: the {@link DeploymentSelector} (pre-call checks, circuit views, the strategy, then
 * {@link LocalAdmissionControl#admit}: circuit permit, deployment and group rpm/tpm reservation,
 * concurrency lease) and the settlement the router makes after a successful attempt (circuit
 * result, tpm reconciliation with the real usage, lease release, circuit state seen). No I/O, no
 * provider call, no deadline timer.
 *
 * <p>It lives in the router's package, in the benchmarks module, only to reach these package-private
 * parts without widening the router's API; it builds them from a {@link RouterConfig} through the
 * same {@link EngineWiring} the engine uses. Optionally every deployment's circuit gets one counted
 * failure at set-up (below {@code allowed_fails}, so it stays closed): then the circuit record of
 * each exists and holds a failure in its window, as in a router that has seen an error in the last
 * minute; without it, circuits are the never-failed kind that cost one map lookup. Thread-safe.
 */
public final class DecisionPathFixture implements AutoCloseable {
    private final TimeSource time = TimeSource.system();
    private final RouterSettings settings;
    private final int defaultOutputTokens;
    private final ModelGroup group;
    private final CircuitPolicy policy;
    private final LocalAdmissionControl admission;
    private final Events events;
    private final DeploymentSelector selector;
    private final ProviderResources resources;
    private final ExecutorService probes;
    private final ChatRequest request;

    /**
     * @param config a configuration with the group {@code groupName}
     * @param adapters an adapter for every provider of {@code config}
     * @param request the request every decision routes (its model names the group)
     * @param failOnce record one counted failure on every deployment first (below {@code allowed_fails})
     */
    public DecisionPathFixture(RouterConfig config, Map<String, ProviderAdapter> adapters, String groupName,
                               ChatRequest request, boolean failOnce) {
        this.settings = config.routerSettings();
        this.defaultOutputTokens = config.rateLimitSettings().defaultOutputTokens();
        this.request = request;
        this.group = EngineWiring.groups(config, new LinkedHashMap<>(adapters)).get(groupName);
        if (group == null) {
            throw new IllegalArgumentException("no model group " + groupName);
        }
        this.policy = EngineWiring.policy(settings);
        this.admission = new LocalAdmissionControl(time);
        this.events = new Events(RouterListener.NONE, SecretRedactor.of(config.providers().values()));
        this.resources = ProviderResources.create(time);
        this.probes = Executors.newSingleThreadExecutor();
        HealthMonitor health = new HealthMonitor(config.providers(), adapters, resources, probes, null);
        this.selector = new DeploymentSelector(admission, EngineWiring.strategy(settings.routingStrategy(), Map.of()),
                policy, health, events, new ContextWindows(settings.enablePreCallChecks()), time);
        if (failOnce) {
            group.deployments.forEach(this::failOnce);
        }
    }

    private void failOnce(Deployment d) {
        try {
            Admission a = admission.admit(new AdmissionRequest("setup-" + d.id(), d.id(), d.provider(), group.name,
                    d.limit(), group.limit, 0, 0, 1, policy), 0);
            admission.settle(a, AttemptResult.failed(FailureKind.SERVER_ERROR, null), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during set-up", e);
        }
    }

    /** The number of deployments in the group. */
    public int size() {
        return group.deployments.size();
    }

    /**
     * One decision as a request makes it: its per-request state, the selection (which admits the
     * chosen deployment), then the settlement of a success that used half the tokens reserved (so
     * the limiter's reconciliation really adjusts, as real usage below the reservation does). Returns the chosen deployment's index.
     *
     * @throws IllegalStateException when no deployment was admitted (a limit bound: a set-up error)
     */
    public int decide() {
        RequestLimits limits = RequestLimits.of(settings, request.options());
        RequestScope scope = new RequestScope(time, request.model(), limits.overall());
        RequestState st = new RequestState(request, group, false, limits, scope, defaultOutputTokens);
        GroupRun run = new GroupRun(st, group, scope.now() + limits.request().toNanos());
        DeploymentSelector.Selection sel = selector.select(run);
        if (!sel.granted()) {
            throw new IllegalStateException("no deployment admitted: " + sel.skips());
        }
        Deployment d = sel.deployment();
        admission.settle(sel.admission(), AttemptResult.SUCCESS, st.reservedTokens() / 2);
        events.circuitSeen(null, d, admission.circuit(d.id(), policy));
        return d.index();
    }

    /** The ids of the group's deployments, in order. */
    public List<String> deploymentIds() {
        return group.deployments.stream().map(Deployment::id).toList();
    }

    /** Stops the fixture's timer and probe threads. */
    @Override
    public void close() {
        probes.shutdownNow();
        resources.close();
    }
}
