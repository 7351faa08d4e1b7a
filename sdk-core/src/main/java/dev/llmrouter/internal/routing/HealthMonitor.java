package dev.llmrouter.internal.routing;

import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ModelInfo;
import dev.llmrouter.spi.provider.ProbeResult;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.internal.provider.ProviderResources;
import dev.llmrouter.spi.provider.ProviderType;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes providers (DESIGN 4.7) through {@link ProviderAdapter#probe} and, for servers whose model
 * list says what is loaded now (Ollama, vLLM, mock), asks {@link ProviderAdapter#listModels} which
 * models they actually serve. With {@code router_settings.health_check_interval} it probes every
 * active provider in the background, and only then do its findings steer routing: a provider whose
 * last probe failed is skipped as down until a probe succeeds again, and a deployment whose model
 * the server does not list is skipped (not failed: no attempt, no circuit count), so a
 * single-instance vLLM switched to another model is passed over. Without background probing the
 * findings would go stale, so they are only reported. An empty model list counts as unknown.
 * Thread-safe.
 */
final class HealthMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);
    private static final Set<ProviderType> DISCOVERS = EnumSet.of(ProviderType.OLLAMA, ProviderType.VLLM,
            ProviderType.MOCK);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    /** What the last probe of a provider found; {@code served} is null when unknown. */
    record Status(ProbeResult probe, Instant at, List<String> served) {
    }

    private final Map<String, ProviderConfig> providers;
    private final Map<String, ProviderAdapter> adapters;
    private final ProviderResources resources;
    private final ExecutorService worker;
    private final Duration interval;
    private final Map<String, Status> status = new ConcurrentHashMap<>();
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile ScheduledFuture<?> task;

    HealthMonitor(Map<String, ProviderConfig> providers, Map<String, ProviderAdapter> adapters,
                  ProviderResources resources, ExecutorService worker, Duration interval) {
        this.providers = providers;
        this.adapters = adapters;
        this.resources = resources;
        this.worker = worker;
        this.interval = interval;
    }

    /** Starts background probing when an interval is configured. */
    void start() {
        if (interval == null) {
            return;
        }
        task = resources.timer().scheduleWithFixedDelay(this::probeInBackground, 0, interval.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    private void probeInBackground() {
        if (!probing.compareAndSet(false, true)) {
            return;
        }
        try {
            worker.execute(() -> {
                try {
                    Duration timeout = interval.compareTo(PROBE_TIMEOUT) < 0 ? interval : PROBE_TIMEOUT;
                    for (String name : adapters.keySet()) {
                        probe(name, timeout);
                    }
                } finally {
                    probing.set(false);
                }
            });
        } catch (RejectedExecutionException closed) {
            probing.set(false);
        }
    }

    /** Probes one provider now and records what it found. */
    Status probe(String provider, Duration timeout) {
        ProviderAdapter adapter = adapters.get(provider);
        ProbeResult result;
        try {
            result = adapter.probe(CallContext.of(timeout));
        } catch (RuntimeException e) {
            result = ProbeResult.builder().detail(String.valueOf(e.getMessage())).build();
        }
        List<String> served = null;
        if (result.healthy() && DISCOVERS.contains(adapter.type())) {
            try {
                List<ModelInfo> models = adapter.listModels(CallContext.of(timeout));
                served = models.isEmpty() ? null : models.stream().map(ModelInfo::id).toList();
            } catch (RuntimeException e) {
                LOG.debug("could not list the models of {}: {}", provider, e.getMessage());
            }
        }
        Status now = new Status(result, resources.time().now(), served);
        Status before = status.put(provider, now);
        boolean wasUp = before == null || before.probe().healthy();
        if (wasUp != result.healthy()) {
            LOG.info("provider {} is {} ({})", provider, result.healthy() ? "up" : "down", result.detail());
        }
        return now;
    }

    /** The last status of a provider, or null before its first probe. */
    Status status(String provider) {
        return status.get(provider);
    }

    /** Why background probing marks the provider down, or null when it does not. */
    String downReason(String provider) {
        Status s = interval == null ? null : status.get(provider);
        return s == null || s.probe().healthy() ? null : s.probe().detail();
    }

    /** Whether the provider serves the deployment's model now: null when not known (or not used for routing). */
    Boolean serves(Deployment d) {
        Status s = interval == null ? null : status.get(d.provider());
        if (s == null || s.served() == null) {
            return null;
        }
        return servedBy(s.served(), d);
    }

    /** Whether {@code served} includes the deployment's model (Ollama's {@code :latest} tag implied). */
    static boolean servedBy(List<String> served, Deployment d) {
        String model = d.model();
        if (served.contains(model) || model.contains(dev.llmrouter.internal.config.Wildcards.STAR)) {
            return true; // a pass-through deployment serves whatever name the request carries
        }
        return d.providerType() == ProviderType.OLLAMA && !model.contains(":") && served.contains(model + ":latest");
    }

    /** The models the provider was last seen serving, or an empty list when unknown. */
    List<String> servedModels(String provider) {
        Status s = status.get(provider);
        return s == null || s.served() == null ? List.of() : s.served();
    }

    /** True for providers this monitor can probe (active, with an adapter). */
    boolean knows(String provider) {
        return adapters.containsKey(provider);
    }

    ProviderConfig config(String provider) {
        return providers.get(provider);
    }

    @Override
    public void close() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }
}
