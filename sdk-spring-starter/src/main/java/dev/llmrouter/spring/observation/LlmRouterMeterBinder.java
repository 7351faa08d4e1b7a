package dev.llmrouter.spring.observation;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.RouterHealth;
import dev.llmrouter.RouterHealth.DeploymentHealth;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;

/**
 * Gauges per deployment, read from the router's health snapshot (at most one snapshot per second,
 * however many gauges a scrape reads): {@code llmrouter.circuit.state} (0 closed, 1 half-open,
 * 2 open), {@code llmrouter.rate.limit.headroom} (share of the rate limits still free, 0 to 1) and
 * {@code llmrouter.in.flight}; tagged group, deployment, provider. Thread-safe.
 */
public final class LlmRouterMeterBinder implements MeterBinder {
    private static final long SNAPSHOT_NANOS = 1_000_000_000L;
    private final LlmRouter router;
    private volatile RouterHealth snapshot;
    private volatile long takenAt;

    /** Gauges of {@code router}. */
    public LlmRouterMeterBinder(LlmRouter router) {
        this.router = router;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (DeploymentHealth d : router.healthSnapshot().deployments()) {
            gauge(registry, "llmrouter.circuit.state", "Circuit of a deployment: 0 closed, 1 half-open, 2 open", d,
                    h -> switch (h.circuit().state()) {
                        case CLOSED -> 0;
                        case HALF_OPEN -> 1;
                        case OPEN -> 2;
                    });
            gauge(registry, "llmrouter.rate.limit.headroom", "Share of a deployment's rate limits still free", d,
                    DeploymentHealth::headroom);
            gauge(registry, "llmrouter.in.flight", "Requests in flight on a deployment", d, DeploymentHealth::inFlight);
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, DeploymentHealth d,
                       ToDoubleFunction<DeploymentHealth> value) {
        String id = d.id();
        Gauge.builder(name, this, b -> b.current().deployment(id).map(value::applyAsDouble).orElse(Double.NaN))
                .description(description).tags("group", d.group(), "deployment", id, "provider", d.provider())
                .register(registry);
    }

    private RouterHealth current() {
        long now = System.nanoTime();
        RouterHealth h = snapshot;
        if (h == null || now - takenAt > SNAPSHOT_NANOS) {
            h = router.healthSnapshot();
            snapshot = h;
            takenAt = now;
        }
        return h;
    }
}
