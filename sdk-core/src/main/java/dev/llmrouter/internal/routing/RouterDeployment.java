package dev.llmrouter.internal.routing;

import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.internal.Ewma;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.spi.provider.ProviderType;
import dev.llmrouter.spi.routing.Deployment;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's deployment: the public {@link Deployment} view (what strategies choose among and
 * listeners are told about) plus what the engine keeps beside it: the adapter, moving averages of
 * latency and time to first token, and the figures {@link StateGate} learns from this router's own
 * admissions and settlements (requests in flight, the circuit's last denial, the last headroom), so
 * selection reads memory, never the state store. Internal. Thread-safe: the configuration is
 * immutable and the run-time companions are atomic or volatile, read without locks.
 */
public final class RouterDeployment implements Deployment {
    private final String id;
    private final String group;
    private final int index;
    private final ProviderConfig provider;
    private final DeploymentConfig config;
    private final RateLimit limit;
    // run-time companions, package-private: the strategies read the stats through RoutingContext
    final ProviderAdapter adapter;
    final Ewma latency = new Ewma(0.2);
    final Ewma timeToFirstToken = new Ewma(0.2);
    /** This router's attempts admitted on the deployment and not yet settled. */
    final AtomicInteger inFlight = new AtomicInteger();
    /** Until when (nanoTime) selection skips the deployment for its circuit without asking; 0: no skip. */
    volatile long circuitSkipUntil;
    /** When (nanoTime) the circuit's last denial said it may let an attempt through. */
    volatile long circuitRecoversAt;
    /** The deployment's headroom as the last admission or settlement reported it (1: none known). */
    volatile double headroom = 1.0;
    /** When (nanoTime) {@link #headroom} was reported. */
    volatile long headroomAt;

    RouterDeployment(String group, int index, ProviderConfig provider, DeploymentConfig config, RateLimit limit,
               ProviderAdapter adapter) {
        this.group = Objects.requireNonNull(group, "group");
        this.index = index;
        this.provider = Objects.requireNonNull(provider, "provider");
        this.config = Objects.requireNonNull(config, "config");
        this.limit = Objects.requireNonNull(limit, "limit");
        this.adapter = adapter;
        this.id = group + "/" + provider.name() + "/" + config.model() + "#" + index;
    }

    /** The id, {@code group/provider/model#n}: unique in the router. */
    @Override
    public String id() {
        return id;
    }

    /** The model group this deployment serves. */
    @Override
    public String group() {
        return group;
    }

    /** The position in its group's deployment list, from 0. */
    @Override
    public int index() {
        return index;
    }

    /** The provider's name. */
    @Override
    public String provider() {
        return provider.name();
    }

    /** The provider's type. */
    @Override
    public ProviderType providerType() {
        return provider.type();
    }

    /** The provider's configuration. */
    @Override
    public ProviderConfig providerConfig() {
        return provider;
    }

    /** The provider-side model name. */
    @Override
    public String model() {
        return config.model();
    }

    /** The deployment's configuration (weight, order, prices, tags, context window). */
    @Override
    public DeploymentConfig config() {
        return config;
    }

    /** The effective rpm/tpm of this deployment after provider and type defaults. */
    @Override
    public RateLimit limit() {
        return limit;
    }

    /** Routing weight under {@code simple-shuffle}. */
    @Override
    public int weight() {
        return config.weight();
    }

    /** Tier under {@code ordered}: lowest first. */
    @Override
    public int order() {
        return config.order();
    }

    /** Tags a request may require. */
    @Override
    public Set<String> tags() {
        return config.tags();
    }

    /**
     * The engine's view of a deployment the engine itself made: every {@link Deployment} the router
     * hands to strategies and listeners is one of these, and strategies must return one of the
     * candidates they were given (the selector checks).
     */
    static RouterDeployment of(Deployment deployment) {
        return (RouterDeployment) deployment;
    }

    @Override
    public String toString() {
        return id;
    }
}
