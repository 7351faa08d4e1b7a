package dev.llmrouter.spi.state;

import dev.llmrouter.config.RateLimit;
import java.util.Objects;

/**
 * Everything an {@link AdmissionControl} needs to decide one attempt in one step: whose circuit,
 * which limits, which concurrency pools, and how many tokens to reserve. Carrying the limits and the
 * circuit policy in the request keeps stores free of configuration, and lets a Redis implementation
 * pass them to its one script as arguments (nothing is looked up elsewhere). Build one with
 * {@link #builder(String, String, String, String)}. Immutable and thread-safe.
 *
 * <p>Defaults: no limits ({@link RateLimit#NONE}), no parallel caps (0), 0 tokens, and the circuit
 * policy must be given.
 */
public final class AdmissionRequest {
    private final String attemptId;
    private final String deploymentId;
    private final String provider;
    private final String group;
    private final RateLimit deploymentLimit;
    private final RateLimit groupLimit;
    private final int providerMaxParallel;
    private final int deploymentMaxParallel;
    private final long reservedTokens;
    private final CircuitPolicy circuit;

    private AdmissionRequest(Builder b) {
        this.attemptId = b.attemptId;
        this.deploymentId = b.deploymentId;
        this.provider = b.provider;
        this.group = b.group;
        this.deploymentLimit = b.deploymentLimit;
        this.groupLimit = b.groupLimit;
        this.providerMaxParallel = b.providerMaxParallel;
        this.deploymentMaxParallel = b.deploymentMaxParallel;
        this.reservedTokens = b.reservedTokens;
        this.circuit = Objects.requireNonNull(b.circuit, "circuit policy");
    }

    /**
     * A builder for one attempt.
     *
     * @param attemptId unique per attempt; makes a repeated admit idempotent
     * @param deploymentId the deployment (its circuit, its own limits, its own parallel cap)
     * @param provider the provider (its parallel cap: a GPU server's real capacity)
     * @param group the model group (its group-level limits)
     * @throws NullPointerException when an id is null
     */
    public static Builder builder(String attemptId, String deploymentId, String provider, String group) {
        return new Builder(attemptId, deploymentId, provider, group);
    }

    /** A builder holding this request's values. */
    public Builder toBuilder() {
        return new Builder(attemptId, deploymentId, provider, group).deploymentLimit(deploymentLimit)
                .groupLimit(groupLimit).providerMaxParallel(providerMaxParallel)
                .deploymentMaxParallel(deploymentMaxParallel).reservedTokens(reservedTokens).circuit(circuit);
    }

    /** The attempt's id, unique per attempt. */
    public String attemptId() {
        return attemptId;
    }

    /** The deployment's id. */
    public String deploymentId() {
        return deploymentId;
    }

    /** The provider's name. */
    public String provider() {
        return provider;
    }

    /** The model group's name. */
    public String group() {
        return group;
    }

    /** The deployment's effective rpm/tpm (after provider and type defaults). */
    public RateLimit deploymentLimit() {
        return deploymentLimit;
    }

    /** The group-level rpm/tpm. */
    public RateLimit groupLimit() {
        return groupLimit;
    }

    /** The provider's parallel cap, or 0 for none. */
    public int providerMaxParallel() {
        return providerMaxParallel;
    }

    /** The deployment's own parallel cap, or 0 for none. */
    public int deploymentMaxParallel() {
        return deploymentMaxParallel;
    }

    /** The token upper bound reserved against tpm (prompt estimate + maximum output). */
    public long reservedTokens() {
        return reservedTokens;
    }

    /** The circuit policy of the deployment. */
    public CircuitPolicy circuit() {
        return circuit;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdmissionRequest r && attemptId.equals(r.attemptId) && deploymentId.equals(r.deploymentId)
                && provider.equals(r.provider) && group.equals(r.group) && deploymentLimit.equals(r.deploymentLimit)
                && groupLimit.equals(r.groupLimit) && providerMaxParallel == r.providerMaxParallel
                && deploymentMaxParallel == r.deploymentMaxParallel && reservedTokens == r.reservedTokens
                && circuit.equals(r.circuit);
    }

    @Override
    public int hashCode() {
        return Objects.hash(attemptId, deploymentId, provider, group, deploymentLimit, groupLimit, providerMaxParallel,
                deploymentMaxParallel, reservedTokens, circuit);
    }

    @Override
    public String toString() {
        return "AdmissionRequest[" + attemptId + " on " + deploymentId + " (provider " + provider + ", group " + group
                + "), limits " + deploymentLimit + "/" + groupLimit + ", parallel " + providerMaxParallel + "/"
                + deploymentMaxParallel + ", tokens " + reservedTokens + "]";
    }

    /** Builds an {@link AdmissionRequest}. Not thread-safe. */
    public static final class Builder {
        private final String attemptId;
        private final String deploymentId;
        private final String provider;
        private final String group;
        private RateLimit deploymentLimit = RateLimit.NONE;
        private RateLimit groupLimit = RateLimit.NONE;
        private int providerMaxParallel;
        private int deploymentMaxParallel;
        private long reservedTokens;
        private CircuitPolicy circuit;

        private Builder(String attemptId, String deploymentId, String provider, String group) {
            this.attemptId = Objects.requireNonNull(attemptId, "attemptId");
            this.deploymentId = Objects.requireNonNull(deploymentId, "deploymentId");
            this.provider = Objects.requireNonNull(provider, "provider");
            this.group = Objects.requireNonNull(group, "group");
        }

        /** The deployment's effective rpm/tpm; null means none. Default: none. */
        public Builder deploymentLimit(RateLimit limit) {
            this.deploymentLimit = limit == null ? RateLimit.NONE : limit;
            return this;
        }

        /** The group-level rpm/tpm; null means none. Default: none. */
        public Builder groupLimit(RateLimit limit) {
            this.groupLimit = limit == null ? RateLimit.NONE : limit;
            return this;
        }

        /** The provider's parallel cap, 0 for none. Default 0. */
        public Builder providerMaxParallel(int cap) {
            this.providerMaxParallel = nonNegative(cap, "providerMaxParallel");
            return this;
        }

        /** The deployment's own parallel cap, 0 for none. Default 0. */
        public Builder deploymentMaxParallel(int cap) {
            this.deploymentMaxParallel = nonNegative(cap, "deploymentMaxParallel");
            return this;
        }

        /** The token upper bound to reserve against tpm. Default 0. */
        public Builder reservedTokens(long tokens) {
            if (tokens < 0) {
                throw new IllegalArgumentException("reservedTokens cannot be negative, got " + tokens);
            }
            this.reservedTokens = tokens;
            return this;
        }

        /** The deployment's circuit policy (required). */
        public Builder circuit(CircuitPolicy policy) {
            this.circuit = Objects.requireNonNull(policy, "circuit policy");
            return this;
        }

        /**
         * The request.
         *
         * @throws NullPointerException when no circuit policy was given
         */
        public AdmissionRequest build() {
            return new AdmissionRequest(this);
        }

        private static int nonNegative(int v, String name) {
            if (v < 0) {
                throw new IllegalArgumentException(name + " cannot be negative, got " + v);
            }
            return v;
        }
    }
}
