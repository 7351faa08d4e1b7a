package dev.llmrouter.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A model group: the name callers use and the deployments that can serve it, with group-level
 * limits shared by all of them. Immutable and thread-safe; build with {@link #builder(String)}. A
 * class rather than a record so that new fields can be added without breaking callers.
 */
public final class ModelGroupConfig {
    private final String name;
    private final List<DeploymentConfig> deployments;
    private final RateLimit limit;
    private final boolean cache;

    private ModelGroupConfig(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.deployments = List.copyOf(b.deployments);
        this.limit = b.limit == null ? RateLimit.NONE : b.limit;
        this.cache = b.cache;
    }

    /** A group of {@code deployments} with no group-level limit and the cache off. */
    public static ModelGroupConfig of(String name, List<DeploymentConfig> deployments) {
        return builder(name).deployments(deployments).build();
    }

    /** A builder for the group {@code name}: no deployments yet, no group-level limit, the cache off. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding this group's values. */
    public Builder toBuilder() {
        return new Builder(name).deployments(deployments).limit(limit).cache(cache);
    }

    /** The group name (what {@code ChatRequest.model} names). */
    public String name() {
        return name;
    }

    /** The deployments, in file order; never empty in a valid configuration. */
    public List<DeploymentConfig> deployments() {
        return deployments;
    }

    /** The group-level rpm/tpm across all its deployments ({@link RateLimit#NONE} by default). */
    public RateLimit limit() {
        return limit;
    }

    /** Whether the response cache applies to this group by default (default false). */
    public boolean cache() {
        return cache;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelGroupConfig g && g.name.equals(name) && g.deployments.equals(deployments)
                && g.limit.equals(limit) && g.cache == cache;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, deployments, limit, cache);
    }

    @Override
    public String toString() {
        return "ModelGroupConfig[name=" + name + ", deployments=" + deployments + ", limit=" + limit + ", cache="
                + cache + "]";
    }

    /** Builds a {@link ModelGroupConfig}. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<DeploymentConfig> deployments = new ArrayList<>();
        private RateLimit limit = RateLimit.NONE;
        private boolean cache;

        private Builder(String name) {
            this.name = name;
        }

        /** Replaces the deployments with {@code list}, in order. */
        public Builder deployments(List<DeploymentConfig> list) {
            deployments.clear();
            deployments.addAll(list);
            return this;
        }

        /** Adds one deployment after those already added. */
        public Builder deployment(DeploymentConfig deployment) {
            deployments.add(Objects.requireNonNull(deployment, "deployment"));
            return this;
        }

        /** The group-level rpm/tpm (default none). */
        public Builder limit(RateLimit limit) {
            this.limit = limit;
            return this;
        }

        /** Whether the response cache applies to this group by default (default false). */
        public Builder cache(boolean on) {
            this.cache = on;
            return this;
        }

        /** @throws NullPointerException when the name or a deployment is null */
        public ModelGroupConfig build() {
            return new ModelGroupConfig(this);
        }
    }
}
