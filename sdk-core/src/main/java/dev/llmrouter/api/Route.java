package dev.llmrouter.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a request was served: the model group asked for, the deployment that answered (if any),
 * every attempt in order, the fallback groups tried, and whether the response cache answered.
 * Found on every {@link ChatResponse} and every {@code LlmRouterException}. Immutable and
 * thread-safe; the router builds it ({@link #builder(String, String)} is public for tests and
 * adapters used directly). A class rather than a record so that new fields can be added without
 * breaking callers.
 */
public final class Route {
    /** A route for a call that never reached the router's path (an adapter used directly). */
    public static final Route NONE = builder("", "").build();

    private final String requestedModel;
    private final String group;
    private final String deploymentId;
    private final String provider;
    private final String providerModel;
    private final List<AttemptRecord> attempts;
    private final List<String> fallbackGroups;
    private final boolean cacheHit;

    private Route(Builder b) {
        this.requestedModel = Objects.requireNonNull(b.requestedModel, "requestedModel");
        this.group = Objects.requireNonNull(b.group, "group");
        this.deploymentId = b.deploymentId;
        this.provider = b.provider;
        this.providerModel = b.providerModel;
        this.attempts = List.copyOf(b.attempts);
        this.fallbackGroups = List.copyOf(b.fallbackGroups);
        this.cacheHit = b.cacheHit;
    }

    /** A builder for a request for {@code requestedModel} that resolved to {@code group}; nothing answered yet. */
    public static Builder builder(String requestedModel, String group) {
        return new Builder(requestedModel, group);
    }

    /** A builder holding this route's values. */
    public Builder toBuilder() {
        return new Builder(requestedModel, group).answeredBy(deploymentId, provider, providerModel).attempts(attempts)
                .fallbackGroups(fallbackGroups).cacheHit(cacheHit);
    }

    /** The name the caller asked for (group or alias). */
    public String requestedModel() {
        return requestedModel;
    }

    /** The model group it resolved to ("" when it resolved to none). */
    public String group() {
        return group;
    }

    /** The deployment that answered ({@code group/provider/model#n}), or null when none did. */
    public String deploymentId() {
        return deploymentId;
    }

    /** That deployment's provider, or null when none answered. */
    public String provider() {
        return provider;
    }

    /** That deployment's provider-side model name, or null when none answered. */
    public String providerModel() {
        return providerModel;
    }

    /** Every attempt in order, possibly empty (cache hit, nothing admitted). */
    public List<AttemptRecord> attempts() {
        return attempts;
    }

    /** The fallback groups tried after the first, in order. */
    public List<String> fallbackGroups() {
        return fallbackGroups;
    }

    /** True when the response cache answered. */
    public boolean cacheHit() {
        return cacheHit;
    }

    /** True when the answer came from a fallback group rather than the requested one. */
    public boolean fellBack() {
        return !fallbackGroups.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Route r && r.requestedModel.equals(requestedModel) && r.group.equals(group)
                && Objects.equals(r.deploymentId, deploymentId) && Objects.equals(r.provider, provider)
                && Objects.equals(r.providerModel, providerModel) && r.attempts.equals(attempts)
                && r.fallbackGroups.equals(fallbackGroups) && r.cacheHit == cacheHit;
    }

    @Override
    public int hashCode() {
        return Objects.hash(requestedModel, group, deploymentId, provider, providerModel, attempts, fallbackGroups,
                cacheHit);
    }

    @Override
    public String toString() {
        return "Route[requestedModel=" + requestedModel + ", group=" + group + ", deploymentId=" + deploymentId
                + ", provider=" + provider + ", providerModel=" + providerModel + ", attempts=" + attempts
                + ", fallbackGroups=" + fallbackGroups + ", cacheHit=" + cacheHit + "]";
    }

    /** Builds a {@link Route}. Not thread-safe. */
    public static final class Builder {
        private final String requestedModel;
        private final String group;
        private String deploymentId;
        private String provider;
        private String providerModel;
        private final List<AttemptRecord> attempts = new ArrayList<>();
        private final List<String> fallbackGroups = new ArrayList<>();
        private boolean cacheHit;

        private Builder(String requestedModel, String group) {
            this.requestedModel = requestedModel;
            this.group = group;
        }

        /** The deployment that answered, its provider and provider-side model (each null when none answered). */
        public Builder answeredBy(String deploymentId, String provider, String providerModel) {
            this.deploymentId = deploymentId;
            this.provider = provider;
            this.providerModel = providerModel;
            return this;
        }

        /** Replaces the attempts, in order. */
        public Builder attempts(List<AttemptRecord> list) {
            attempts.clear();
            attempts.addAll(list);
            return this;
        }

        /** Replaces the fallback groups tried, in order. */
        public Builder fallbackGroups(List<String> groups) {
            fallbackGroups.clear();
            fallbackGroups.addAll(groups);
            return this;
        }

        /** Whether the response cache answered (default false). */
        public Builder cacheHit(boolean hit) {
            this.cacheHit = hit;
            return this;
        }

        /** @throws NullPointerException when the requested model, the group or a list element is null */
        public Route build() {
            return new Route(this);
        }
    }
}
