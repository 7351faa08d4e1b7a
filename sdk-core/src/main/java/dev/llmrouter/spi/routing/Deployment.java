package dev.llmrouter.spi.routing;

import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.Set;

/**
 * One deployment of a model group as the router runs it: its id ({@code group/provider/model#n},
 * n its position in the group), its configuration, and its effective rate limit. What a
 * {@link RoutingStrategy} chooses among and what listeners are told about. The router's own
 * implementation is internal; implementations are immutable for callers and thread-safe.
 */
public interface Deployment {

    /** The id, {@code group/provider/model#n}: unique in the router. */
    String id();

    /** The model group this deployment serves. */
    String group();

    /** The position in its group's deployment list, from 0. */
    int index();

    /** The provider's name. */
    String provider();

    /** The provider's type. */
    ProviderType providerType();

    /** The provider's configuration. */
    ProviderConfig providerConfig();

    /** The provider-side model name. */
    String model();

    /** The deployment's configuration (weight, order, prices, tags, context window). */
    DeploymentConfig config();

    /** The effective rpm/tpm of this deployment after provider and type defaults. */
    RateLimit limit();

    /** Routing weight under {@code simple-shuffle}. */
    int weight();

    /** Tier under {@code ordered}: lowest first. */
    int order();

    /** Tags a request may require. */
    Set<String> tags();
}
