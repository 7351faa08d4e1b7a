package dev.llmrouter.spring.health;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.RouterHealth;
import dev.llmrouter.RouterHealth.DeploymentHealth;
import dev.llmrouter.RouterHealth.ProviderHealth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The router's health for Actuator ({@code /actuator/health/llmrouter}), from
 * {@link LlmRouter#healthSnapshot()}: what is known now (the last background probes, circuits,
 * limits), so a health call never probes a provider, and a cloud API is never called per health
 * check. {@code router_settings.health_check_interval} turns background probing on.
 *
 * <p>Details: {@code providers} (per provider: status {@code UP}, {@code DOWN}, {@code UNKNOWN}
 * before its first probe, or {@code DISABLED}; type, reachable, probe latency, detail and the models
 * it was seen serving) and {@code models} (per model group: how many deployments can be used, and
 * per deployment its circuit state, failures in the window, rate-limit headroom, requests in
 * flight and average latency). The status is DOWN only when some model group has no deployment
 * that can be used (every circuit open, or its model known not to be served); a provider that is
 * down while its models fall back elsewhere is shown but keeps the status UP. Thread-safe.
 */
public final class LlmRouterHealthIndicator implements HealthIndicator {
    private final LlmRouter router;

    /** Reports {@code router}'s health. */
    public LlmRouterHealthIndicator(LlmRouter router) {
        this.router = router;
    }

    @Override
    public Health health() {
        RouterHealth h = router.healthSnapshot();
        Map<String, Object> providers = new LinkedHashMap<>();
        for (ProviderHealth p : h.providers()) {
            providers.put(p.name(), provider(p));
        }
        Map<String, Map<String, Object>> models = new LinkedHashMap<>();
        Map<String, Integer> usable = new LinkedHashMap<>();
        for (DeploymentHealth d : h.deployments()) {
            Map<String, Object> group = models.computeIfAbsent(d.group(), g -> new LinkedHashMap<>());
            @SuppressWarnings("unchecked")
            Map<String, Object> deployments = (Map<String, Object>) group.computeIfAbsent("deployments",
                    k -> new LinkedHashMap<String, Object>());
            deployments.put(d.id(), deployment(d));
            usable.merge(d.group(), d.available() ? 1 : 0, Integer::sum);
        }
        List<String> unusable = new ArrayList<>();
        usable.forEach((group, n) -> {
            models.get(group).put("usableDeployments", n);
            if (n == 0) {
                unusable.add(group);
            }
        });
        Health.Builder b = unusable.isEmpty() ? Health.up() : Health.down().withDetail("unusableModels", unusable);
        return b.withDetail("checkedAt", h.checkedAt().toString()).withDetail("providers", providers)
                .withDetail("models", models).build();
    }

    private static Map<String, Object> provider(ProviderHealth p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", !p.active() ? "DISABLED" : p.probe() == null ? "UNKNOWN" : p.healthy() ? "UP" : "DOWN");
        m.put("type", p.type() == null ? "unknown" : p.type().wireName());
        if (p.probe() != null) {
            m.put("reachable", p.reachable());
            m.put("latencyMillis", p.probe().latency().toMillis());
            m.put("detail", p.probe().detail());
            m.put("probedAt", String.valueOf(p.probedAt()));
        }
        if (!p.servedModels().isEmpty()) {
            m.put("servedModels", p.servedModels());
        }
        return m;
    }

    private static Map<String, Object> deployment(DeploymentHealth d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", d.provider());
        m.put("model", d.model());
        m.put("circuit", d.circuit().state().name());
        m.put("failuresInWindow", d.circuit().failuresInWindow());
        d.circuit().recoversAt().ifPresent(at -> m.put("recoversAt", at.toString()));
        m.put("available", d.available());
        m.put("headroom", d.headroom());
        m.put("inFlight", d.inFlight());
        if (d.served() != null) {
            m.put("served", d.served());
        }
        d.latency().ifPresent(l -> m.put("latencyMillis", Math.round(l)));
        return m;
    }
}
