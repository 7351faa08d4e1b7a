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
 * and thread-safe; the router builds it ({@link #builder(Instant)} is public for tests of code that
 * reads health). Classes rather than records so that new fields can be added without breaking
 * callers.
 */
public final class RouterHealth {
    private final Instant checkedAt;
    private final List<ProviderHealth> providers;
    private final List<DeploymentHealth> deployments;
    private final String stateStore;

    private RouterHealth(Builder b) {
        this.checkedAt = Objects.requireNonNull(b.checkedAt, "checkedAt");
        this.providers = List.copyOf(b.providers);
        this.deployments = List.copyOf(b.deployments);
        this.stateStore = Objects.requireNonNull(b.stateStore, "stateStore");
    }

    /**
     * A builder for a snapshot taken at {@code checkedAt}: no providers, no deployments, state store
     * {@code local (this JVM only)}.
     */
    public static Builder builder(Instant checkedAt) {
        return new Builder(checkedAt);
    }

    /** A builder holding this snapshot's values. */
    public Builder toBuilder() {
        return new Builder(checkedAt).providers(providers).deployments(deployments).stateStore(stateStore);
    }

    /** When the snapshot was taken. */
    public Instant checkedAt() {
        return checkedAt;
    }

    /** Every configured provider, in configuration order. */
    public List<ProviderHealth> providers() {
        return providers;
    }

    /** Every deployment of every model group, in configuration order. */
    public List<DeploymentHealth> deployments() {
        return deployments;
    }

    /**
     * Which state store holds circuits, limits and leases (e.g. {@code local (this JVM only)} or
     * {@code redis standalone 127.0.0.1:6379 db 0 (shared)}); the circuits, headroom and in-flight
     * figures of {@link #deployments()} come from it.
     */
    public String stateStore() {
        return stateStore;
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

    @Override
    public boolean equals(Object o) {
        return o instanceof RouterHealth h && h.checkedAt.equals(checkedAt) && h.providers.equals(providers)
                && h.deployments.equals(deployments) && h.stateStore.equals(stateStore);
    }

    @Override
    public int hashCode() {
        return Objects.hash(checkedAt, providers, deployments, stateStore);
    }

    @Override
    public String toString() {
        return "RouterHealth[checkedAt=" + checkedAt + ", providers=" + providers + ", deployments=" + deployments
                + ", stateStore=" + stateStore + "]";
    }

    /** Builds a {@link RouterHealth}. Not thread-safe. */
    public static final class Builder {
        private final Instant checkedAt;
        private List<ProviderHealth> providers = List.of();
        private List<DeploymentHealth> deployments = List.of();
        private String stateStore = "local (this JVM only)";

        private Builder(Instant checkedAt) {
            this.checkedAt = checkedAt;
        }

        /** Every configured provider, in configuration order (default none). */
        public Builder providers(List<ProviderHealth> providers) {
            this.providers = providers;
            return this;
        }

        /** Every deployment, in configuration order (default none). */
        public Builder deployments(List<DeploymentHealth> deployments) {
            this.deployments = deployments;
            return this;
        }

        /** The state store's description (default {@code local (this JVM only)}). */
        public Builder stateStore(String stateStore) {
            this.stateStore = stateStore;
            return this;
        }

        /** @throws NullPointerException when the time, a list, an element or the state store is null */
        public RouterHealth build() {
            return new RouterHealth(this);
        }
    }

    /**
     * One provider. Immutable and thread-safe; build with {@link #builder(String)}.
     */
    public static final class ProviderHealth {
        private final String name;
        private final ProviderType type;
        private final boolean active;
        private final ProbeResult probe;
        private final Instant probedAt;
        private final List<String> servedModels;

        private ProviderHealth(Builder b) {
            this.name = Objects.requireNonNull(b.name, "name");
            this.type = b.type;
            this.active = b.active;
            this.probe = b.probe;
            this.probedAt = b.probedAt;
            this.servedModels = List.copyOf(b.servedModels);
        }

        /** A builder for provider {@code name}: no type, active, never probed, serving no known models. */
        public static Builder builder(String name) {
            return new Builder(name);
        }

        /** A builder holding this provider's values. */
        public Builder toBuilder() {
            return new Builder(name).type(type).active(active).probe(probe).probedAt(probedAt)
                    .servedModels(servedModels);
        }

        /** The provider's name. */
        public String name() {
            return name;
        }

        /** Its type. */
        public ProviderType type() {
            return type;
        }

        /** False when disabled in the configuration (never probed). */
        public boolean active() {
            return active;
        }

        /** The last probe, or null when none ran yet. */
        public ProbeResult probe() {
            return probe;
        }

        /** When that probe ran, or null. */
        public Instant probedAt() {
            return probedAt;
        }

        /** The models it was last seen serving (local servers); empty when unknown. */
        public List<String> servedModels() {
            return servedModels;
        }

        /** True when active and the last probe was healthy. */
        public boolean healthy() {
            return active && probe != null && probe.healthy();
        }

        /** True when the last probe got any answer. */
        public boolean reachable() {
            return probe != null && probe.reachable();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ProviderHealth p && p.name.equals(name) && p.type == type && p.active == active
                    && Objects.equals(p.probe, probe) && Objects.equals(p.probedAt, probedAt)
                    && p.servedModels.equals(servedModels);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, type, active, probe, probedAt, servedModels);
        }

        @Override
        public String toString() {
            return "ProviderHealth[name=" + name + ", type=" + type + ", active=" + active + ", probe=" + probe
                    + ", probedAt=" + probedAt + ", servedModels=" + servedModels + "]";
        }

        /** Builds a {@link ProviderHealth}. Not thread-safe. */
        public static final class Builder {
            private final String name;
            private ProviderType type;
            private boolean active = true;
            private ProbeResult probe;
            private Instant probedAt;
            private List<String> servedModels = List.of();

            private Builder(String name) {
                this.name = name;
            }

            /** Its type (default null). */
            public Builder type(ProviderType type) {
                this.type = type;
                return this;
            }

            /** False when disabled in the configuration (default true). */
            public Builder active(boolean active) {
                this.active = active;
                return this;
            }

            /** The last probe, or null when none ran yet (the default). */
            public Builder probe(ProbeResult probe) {
                this.probe = probe;
                return this;
            }

            /** When that probe ran, or null (the default). */
            public Builder probedAt(Instant probedAt) {
                this.probedAt = probedAt;
                return this;
            }

            /** The models it was last seen serving (default none). */
            public Builder servedModels(List<String> servedModels) {
                this.servedModels = servedModels;
                return this;
            }

            /** @throws NullPointerException when the name, the list or an element of it is null */
            public ProviderHealth build() {
                return new ProviderHealth(this);
            }
        }
    }

    /**
     * One deployment. Immutable and thread-safe; build with {@link #builder(String)}.
     */
    public static final class DeploymentHealth {
        private final String id;
        private final String group;
        private final String provider;
        private final String model;
        private final CircuitView circuit;
        private final double headroom;
        private final int inFlight;
        private final Boolean served;
        private final double latencyMillis;

        private DeploymentHealth(Builder b) {
            this.id = Objects.requireNonNull(b.id, "id");
            this.group = b.group;
            this.provider = b.provider;
            this.model = b.model;
            this.circuit = Objects.requireNonNull(b.circuit, "circuit");
            this.headroom = b.headroom;
            this.inFlight = b.inFlight;
            this.served = b.served;
            this.latencyMillis = b.latencyMillis;
        }

        /**
         * A builder for deployment {@code id}: a closed circuit, full headroom (1), nothing in flight,
         * serving unknown, no latency sample (NaN).
         */
        public static Builder builder(String id) {
            return new Builder(id);
        }

        /** A builder holding this deployment's values. */
        public Builder toBuilder() {
            return new Builder(id).group(group).provider(provider).model(model).circuit(circuit).headroom(headroom)
                    .inFlight(inFlight).served(served).latencyMillis(latencyMillis);
        }

        /** The deployment id ({@code group/provider/model#n}). */
        public String id() {
            return id;
        }

        /** Its model group. */
        public String group() {
            return group;
        }

        /** Its provider. */
        public String provider() {
            return provider;
        }

        /** Its provider-side model name. */
        public String model() {
            return model;
        }

        /** Its circuit now. */
        public CircuitView circuit() {
            return circuit;
        }

        /** The share of its rate limits still free, 0 to 1 (1 when unlimited). */
        public double headroom() {
            return headroom;
        }

        /** Requests in flight on it now. */
        public int inFlight() {
            return inFlight;
        }

        /** Whether its provider serves its model now; null when unknown. */
        public Boolean served() {
            return served;
        }

        /** Its moving-average latency, NaN before any sample. */
        public double latencyMillis() {
            return latencyMillis;
        }

        /** The average latency, when measured. */
        public OptionalDouble latency() {
            return Double.isNaN(latencyMillis) ? OptionalDouble.empty() : OptionalDouble.of(latencyMillis);
        }

        /** True unless its circuit is open or its model is known not to be served. */
        public boolean available() {
            return circuit.state() != CircuitState.OPEN && !Boolean.FALSE.equals(served);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DeploymentHealth d && d.id.equals(id) && Objects.equals(d.group, group)
                    && Objects.equals(d.provider, provider) && Objects.equals(d.model, model)
                    && d.circuit.equals(circuit) && Double.compare(d.headroom, headroom) == 0 && d.inFlight == inFlight
                    && Objects.equals(d.served, served) && Double.compare(d.latencyMillis, latencyMillis) == 0;
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, group, provider, model, circuit, headroom, inFlight, served, latencyMillis);
        }

        @Override
        public String toString() {
            return "DeploymentHealth[id=" + id + ", group=" + group + ", provider=" + provider + ", model=" + model
                    + ", circuit=" + circuit + ", headroom=" + headroom + ", inFlight=" + inFlight + ", served="
                    + served + ", latencyMillis=" + latencyMillis + "]";
        }

        /** Builds a {@link DeploymentHealth}. Not thread-safe. */
        public static final class Builder {
            private final String id;
            private String group;
            private String provider;
            private String model;
            private CircuitView circuit = CircuitView.CLOSED;
            private double headroom = 1.0;
            private int inFlight;
            private Boolean served;
            private double latencyMillis = Double.NaN;

            private Builder(String id) {
                this.id = id;
            }

            /** Its model group (default null). */
            public Builder group(String group) {
                this.group = group;
                return this;
            }

            /** Its provider (default null). */
            public Builder provider(String provider) {
                this.provider = provider;
                return this;
            }

            /** Its provider-side model name (default null). */
            public Builder model(String model) {
                this.model = model;
                return this;
            }

            /** Its circuit now (default {@link CircuitView#CLOSED}). */
            public Builder circuit(CircuitView circuit) {
                this.circuit = circuit;
                return this;
            }

            /** The share of its rate limits still free, 0 to 1 (default 1: unlimited). */
            public Builder headroom(double headroom) {
                this.headroom = headroom;
                return this;
            }

            /** Requests in flight on it now (default 0). */
            public Builder inFlight(int inFlight) {
                this.inFlight = inFlight;
                return this;
            }

            /** Whether its provider serves its model now; null when unknown (the default). */
            public Builder served(Boolean served) {
                this.served = served;
                return this;
            }

            /** Its moving-average latency in milliseconds (default NaN: no sample yet). */
            public Builder latencyMillis(double latencyMillis) {
                this.latencyMillis = latencyMillis;
                return this;
            }

            /** @throws NullPointerException when the id or the circuit is null */
            public DeploymentHealth build() {
                return new DeploymentHealth(this);
            }
        }
    }
}
