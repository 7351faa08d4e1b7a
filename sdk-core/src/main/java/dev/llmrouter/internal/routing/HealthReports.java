package dev.llmrouter.internal.routing;

import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.HealthProgress;
import dev.llmrouter.RouterHealth;
import dev.llmrouter.TimeSource;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.spi.provider.ProbeResult;
import dev.llmrouter.spi.state.AdmissionControl;
import dev.llmrouter.spi.state.CircuitPolicy;
import dev.llmrouter.spi.state.CircuitView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Health on demand: probe every active provider now and report ({@link #check()}), or wait until a
 * provider is healthy, probing about every 5 seconds and reporting progress after each probe
 * ({@link #awaitHealthy}, the seed's {@code wait-for-service.sh}). Waits go through the router's
 * {@link TimeSource}. Thread-safe.
 */
public final class HealthReports {
    /** The pause between two probes of {@code awaitHealthy}. */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    /**
     * The shortest time a probe of {@code awaitHealthy} gets: with less left, a probe could only
     * time out, so the wait ends on the last real probe's finding instead.
     */
    public static final Duration MIN_PROBE = Duration.ofMillis(100);

    private final RouterConfig config;
    private final HealthMonitor monitor;
    private final AdmissionControl admission;
    private final CircuitPolicy policy;
    private final List<Deployment> deployments;
    private final TimeSource time;
    private final ExecutorService executor;

    HealthReports(RouterConfig config, HealthMonitor monitor, AdmissionControl admission, CircuitPolicy policy,
                  List<Deployment> deployments, TimeSource time, ExecutorService executor) {
        this.config = config;
        this.monitor = monitor;
        this.admission = admission;
        this.policy = policy;
        this.deployments = List.copyOf(deployments);
        this.time = time;
        this.executor = executor;
    }

    /** Probes every active provider now, in parallel (each within 5 s), and returns the snapshot. */
    public RouterHealth check() {
        List<Future<?>> probes = new ArrayList<>();
        for (ProviderConfig p : config.providers().values()) {
            if (monitor.knows(p.name())) {
                try {
                    probes.add(executor.submit(() -> monitor.probe(p.name(), HealthMonitor.PROBE_TIMEOUT)));
                } catch (RejectedExecutionException closed) {
                    monitor.probe(p.name(), HealthMonitor.PROBE_TIMEOUT);
                }
            }
        }
        long deadline = System.nanoTime() + HealthMonitor.PROBE_TIMEOUT.toNanos() + TimeUnit.SECONDS.toNanos(1);
        for (Future<?> f : probes) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                // a probe that failed or hangs leaves the provider's previous status in the report
            }
        }
        return snapshot();
    }

    /** The report from what is known now, without probing. */
    public RouterHealth snapshot() {
        List<RouterHealth.ProviderHealth> providers = new ArrayList<>();
        for (ProviderConfig p : config.providers().values()) {
            HealthMonitor.Status s = monitor.status(p.name());
            providers.add(RouterHealth.ProviderHealth.builder(p.name()).type(p.type()).active(p.isActive())
                    .probe(s == null ? null : s.probe()).probedAt(s == null ? null : s.at())
                    .servedModels(monitor.servedModels(p.name())).build());
        }
        List<RouterHealth.DeploymentHealth> out = new ArrayList<>(deployments.size());
        for (Deployment d : deployments) {
            CircuitView view = admission.circuit(d.id(), policy);
            HealthMonitor.Status s = monitor.status(d.provider());
            Boolean served = s == null || s.served() == null ? null : HealthMonitor.servedBy(s.served(), d);
            out.add(RouterHealth.DeploymentHealth.builder(d.id()).group(d.group()).provider(d.provider())
                    .model(d.model())
                    .circuit(view).headroom(admission.headroom(d.id(), d.limit())).inFlight(admission.inFlight(d.id()))
                    .served(served).latencyMillis(RouterDeployment.of(d).latency.value()).build());
        }
        return RouterHealth.builder(time.now()).providers(providers).deployments(out)
                .stateStore(admission.description())
                .build();
    }

    /**
     * Probes {@code provider} until healthy or {@code timeout} passes, reporting each probe.
     * Returns false when out of time or interrupted (the interrupt flag is kept). Each probe gets at
     * least {@link #MIN_PROBE} (so the first one may end that much after a very short timeout);
     * when less than that is left, no further probe is made: the last report carries the last
     * probe's finding, marked done.
     *
     * @throws IllegalArgumentException for an unknown or disabled provider
     */
    public boolean awaitHealthy(String provider, Duration timeout, Consumer<HealthProgress> progress) {
        ProviderConfig p = config.providers().get(provider);
        if (p == null) {
            throw new IllegalArgumentException("unknown provider '" + provider + "'; known providers: "
                    + new TreeSet<>(config.providers().keySet()));
        }
        if (!monitor.knows(provider)) {
            throw new IllegalArgumentException("provider '" + provider + "' is disabled");
        }
        long start = time.nanoTime();
        long limit = timeout.toNanos();
        ProbeResult last = null;
        for (int attempt = 1; ; attempt++) {
            long left = limit - (time.nanoTime() - start);
            if (last != null && left < MIN_PROBE.toNanos()) {
                report(progress, HealthProgress.builder(provider).attempt(attempt - 1)
                        .elapsed(Duration.ofNanos(time.nanoTime() - start)).timeout(timeout).probe(last).done(true)
                        .build());
                return false;
            }
            Duration probeTimeout = Duration.ofNanos(Math.min(HealthMonitor.PROBE_TIMEOUT.toNanos(),
                    Math.max(MIN_PROBE.toNanos(), left)));
            ProbeResult r = monitor.probe(provider, probeTimeout).probe();
            last = r;
            long elapsed = time.nanoTime() - start;
            // too little left for another real probe: this one is the last
            boolean outOfTime = limit - elapsed < MIN_PROBE.toNanos();
            report(progress, HealthProgress.builder(provider).attempt(attempt).elapsed(Duration.ofNanos(elapsed))
                    .timeout(timeout).probe(r).done(r.healthy() || outOfTime).build());
            if (r.healthy()) {
                return true;
            }
            if (outOfTime) {
                return false;
            }
            try {
                time.sleep(Math.min(POLL_INTERVAL.toNanos(), limit - elapsed));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Waits for every active provider in turn within one overall {@code timeout}; true when all became healthy. */
    public boolean awaitHealthy(Duration timeout, Consumer<HealthProgress> progress) {
        long start = time.nanoTime();
        boolean all = true;
        for (ProviderConfig p : config.providers().values()) {
            if (!monitor.knows(p.name())) {
                continue;
            }
            long left = timeout.toNanos() - (time.nanoTime() - start);
            all &= awaitHealthy(p.name(), Duration.ofNanos(Math.max(1, left)), progress);
        }
        return all;
    }

    private static void report(Consumer<HealthProgress> progress, HealthProgress p) {
        if (progress != null) {
            progress.accept(p);
        }
    }
}
