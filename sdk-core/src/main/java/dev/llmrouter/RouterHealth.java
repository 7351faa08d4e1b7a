package dev.llmrouter;

import dev.llmrouter.spi.provider.ProbeResult;
import dev.llmrouter.spi.provider.ProviderType;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spi.state.CircuitView;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A snapshot of the router's health (DESIGN 4.7): per provider the last probe (reachable, healthy,
 * latency, detail) and the models it was seen serving; per deployment its circuit, rate-limit
 * headroom, requests in flight, whether its model is served, and its average latency. Immutable
 * and thread-safe.
 *
 * @param checkedAt when the snapshot was taken
 * @param providers every configured provider, in configuration order
 * @param deployments every deployment of every model group, in configuration order
 * @param stateStore which state store holds circuits, limits and leases (e.g. {@code local (this JVM
 *        only)} or {@code redis standalone 127.0.0.1:6379 db 0 (shared)}); the circuits, headroom
 *        and in-flight figures of {@code deployments} come from it
 */
public record RouterHealth(Instant checkedAt, List<ProviderHealth> providers, List<DeploymentHealth> deployments,
                           String stateStore) {

    /** Copies the lists. */
    public RouterHealth {
        Objects.requireNonNull(checkedAt, "checkedAt");
        providers = List.copyOf(providers);
        deployments = List.copyOf(deployments);
        Objects.requireNonNull(stateStore, "stateStore");
    }

    /** A snapshot of a router on local state. */
    public RouterHealth(Instant checkedAt, List<ProviderHealth> providers, List<DeploymentHealth> deployments) {
        this(checkedAt, providers, deployments, "local (this JVM only)");
    }

    /** True when every active provider's last probe was healthy. */
    public boolean healthy() {
        return providers.stream().filter(ProviderHealth::active).allMatch(ProviderHealth::healthy);
    }

    /** The provider of that name, if configured. */
    public Optional<ProviderHealth> provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The deployment of that id, if configured. */
    public Optional<DeploymentHealth> deployment(String id) {
        return deployments.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /**
     * One provider.
     *
     * @param name the provider's name
     * @param type its type
     * @param active false when disabled in the configuration (never probed)
     * @param probe the last probe, or null when none ran yet
     * @param probedAt when that probe ran, or null
     * @param servedModels the models it was last seen serving (local servers); empty when unknown
     */
    public record ProviderHealth(String name, ProviderType type, boolean active, ProbeResult probe, Instant probedAt,
                                 List<String> servedModels) {
        /** Copies the list. */
        public ProviderHealth {
            Objects.requireNonNull(name, "name");
            servedModels = List.copyOf(servedModels);
        }

        /** True when active and the last probe was healthy. */
        public boolean healthy() {
            return active && probe != null && probe.healthy();
        }

        /** True when the last probe got any answer. */
        public boolean reachable() {
            return probe != null && probe.reachable();
        }

    }

    /**
     * One deployment.
     *
     * @param id the deployment id ({@code group/provider/model#n})
     * @param group its model group
     * @param provider its provider
     * @param model its provider-side model name
     * @param circuit its circuit now
     * @param headroom the share of its rate limits still free, 0 to 1 (1 when unlimited)
     * @param inFlight requests in flight on it now
     * @param served whether its provider serves its model now; null when unknown
     * @param latencyMillis its moving-average latency, NaN before any sample
     */
    public record DeploymentHealth(String id, String group, String provider, String model, CircuitView circuit,
                                   double headroom, int inFlight, Boolean served, double latencyMillis) {
        /** @throws NullPointerException when an id or the circuit is null */
        public DeploymentHealth {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(circuit, "circuit");
        }

        /** The average latency, when measured. */
        public OptionalDouble latency() {
            return Double.isNaN(latencyMillis) ? OptionalDouble.empty() : OptionalDouble.of(latencyMillis);
        }

        /** True unless its circuit is open or its model is known not to be served. */
        public boolean available() {
            return circuit.state() != CircuitState.OPEN && !Boolean.FALSE.equals(served);
        }
    }
}
