package dev.llmrouter.config;

import java.util.List;
import java.util.Objects;

/**
 * A model group: the name callers use and the deployments that can serve it, with group-level
 * limits shared by all of them. Immutable and thread-safe.
 *
 * @param name the group name (what {@code ChatRequest.model} names)
 * @param deployments the deployments, in file order; never empty in a valid configuration
 * @param limit the group-level rpm/tpm across all its deployments
 * @param cache whether the response cache applies to this group by default (default false)
 */
public record ModelGroupConfig(String name, List<DeploymentConfig> deployments, RateLimit limit, boolean cache) {
    /** Copies the list. */
    public ModelGroupConfig {
        Objects.requireNonNull(name, "name");
        deployments = List.copyOf(deployments);
        limit = limit == null ? RateLimit.NONE : limit;
    }
}
