package dev.llmrouter.routing;

import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.internal.Ewma;
import dev.llmrouter.provider.ProviderAdapter;
import dev.llmrouter.provider.ProviderType;
import dev.llmrouter.resilience.CircuitState;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One deployment of a model group as the router runs it: its id ({@code group/provider/model#n},
 * n its position in the group), its configuration, and its effective rate limit (its own, else
 * the provider's, else the provider type's default). What a {@link RoutingStrategy} chooses among
 * and what listeners are told about. Immutable for callers and thread-safe.
 */
public final class Deployment {
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
    final AtomicReference<CircuitState> lastCircuitState = new AtomicReference<>(CircuitState.CLOSED);

    Deployment(String group, int index, ProviderConfig provider, DeploymentConfig config, RateLimit limit,
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
    public String id() {
        return id;
    }

    /** The model group this deployment serves. */
    public String group() {
        return group;
    }

    /** The position in its group's deployment list, from 0. */
    public int index() {
        return index;
    }

    /** The provider's name. */
    public String provider() {
        return provider.name();
    }

    /** The provider's type. */
    public ProviderType providerType() {
        return provider.type();
    }

    /** The provider's configuration. */
    public ProviderConfig providerConfig() {
        return provider;
    }

    /** The provider-side model name. */
    public String model() {
        return config.model();
    }

    /** The deployment's configuration (weight, order, prices, tags, context window). */
    public DeploymentConfig config() {
        return config;
    }

    /** The effective rpm/tpm of this deployment after provider and type defaults. */
    public RateLimit limit() {
        return limit;
    }

    /** Routing weight under {@code simple-shuffle}. */
    public int weight() {
        return config.weight();
    }

    /** Tier under {@code ordered}: lowest first. */
    public int order() {
        return config.order();
    }

    /** Tags a request may require. */
    public Set<String> tags() {
        return config.tags();
    }

    @Override
    public String toString() {
        return id;
    }
}
