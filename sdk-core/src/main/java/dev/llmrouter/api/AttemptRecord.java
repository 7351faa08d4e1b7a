package dev.llmrouter.api;

import java.time.Duration;
import java.util.Objects;

/**
 * One HTTP attempt made for a request: which deployment, how it ended, the HTTP status (0 when no
 * response arrived) and how long it took. Immutable and thread-safe; the router builds it
 * ({@link #builder(String, String, String)} is public for tests of code that reads routes). A class
 * rather than a record so that new fields can be added without breaking callers.
 */
public final class AttemptRecord {
    private final String deploymentId;
    private final String provider;
    private final String model;
    private final AttemptOutcome outcome;
    private final int httpStatus;
    private final Duration latency;

    private AttemptRecord(Builder b) {
        this.deploymentId = Objects.requireNonNull(b.deploymentId, "deploymentId");
        this.provider = Objects.requireNonNull(b.provider, "provider");
        this.model = Objects.requireNonNull(b.model, "model");
        this.outcome = Objects.requireNonNull(b.outcome, "outcome");
        this.httpStatus = b.httpStatus;
        this.latency = Objects.requireNonNull(b.latency, "latency");
    }

    /**
     * A builder for an attempt on deployment {@code deploymentId} ({@code group/provider/model#n}) of
     * {@code provider} serving provider-side model {@code model}; the outcome is required, the HTTP
     * status defaults to 0 and the latency to zero.
     */
    public static Builder builder(String deploymentId, String provider, String model) {
        return new Builder(deploymentId, provider, model);
    }

    /** A builder holding this record's values. */
    public Builder toBuilder() {
        return new Builder(deploymentId, provider, model).outcome(outcome).httpStatus(httpStatus).latency(latency);
    }

    /** The deployment's id ({@code group/provider/model#n}). */
    public String deploymentId() {
        return deploymentId;
    }

    /** The provider name. */
    public String provider() {
        return provider;
    }

    /** The provider-side model name. */
    public String model() {
        return model;
    }

    /** {@link AttemptOutcome#SUCCESS} or the failure's kind. */
    public AttemptOutcome outcome() {
        return outcome;
    }

    /** The HTTP status, or 0 when none arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Time from sending to the end of the attempt. */
    public Duration latency() {
        return latency;
    }

    /** True when the attempt produced the answer. */
    public boolean succeeded() {
        return outcome == AttemptOutcome.SUCCESS;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttemptRecord r && r.deploymentId.equals(deploymentId) && r.provider.equals(provider)
                && r.model.equals(model) && r.outcome == outcome && r.httpStatus == httpStatus
                && r.latency.equals(latency);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deploymentId, provider, model, outcome, httpStatus, latency);
    }

    @Override
    public String toString() {
        return "AttemptRecord[deploymentId=" + deploymentId + ", provider=" + provider + ", model=" + model
                + ", outcome=" + outcome + ", httpStatus=" + httpStatus + ", latency=" + latency + "]";
    }

    /** Builds an {@link AttemptRecord}. Not thread-safe. */
    public static final class Builder {
        private final String deploymentId;
        private final String provider;
        private final String model;
        private AttemptOutcome outcome;
        private int httpStatus;
        private Duration latency = Duration.ZERO;

        private Builder(String deploymentId, String provider, String model) {
            this.deploymentId = deploymentId;
            this.provider = provider;
            this.model = model;
        }

        /** How the attempt ended; required. */
        public Builder outcome(AttemptOutcome outcome) {
            this.outcome = outcome;
            return this;
        }

        /** The HTTP status (default 0: none arrived). */
        public Builder httpStatus(int httpStatus) {
            this.httpStatus = httpStatus;
            return this;
        }

        /** Time from sending to the end of the attempt (default zero). */
        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        /** @throws NullPointerException when an id, the outcome or the latency is null */
        public AttemptRecord build() {
            return new AttemptRecord(this);
        }
    }
}
