package dev.llmrouter.spi.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one health probe. Immutable and thread-safe; provider adapters build it with
 * {@link #builder()}. A class rather than a record so that new fields can be added without
 * breaking adapters.
 */
public final class ProbeResult {
    private final boolean healthy;
    private final boolean reachable;
    private final int httpStatus;
    private final Duration latency;
    private final String detail;

    private ProbeResult(Builder b) {
        this.healthy = b.healthy;
        this.reachable = b.reachable;
        this.httpStatus = b.httpStatus;
        this.latency = Objects.requireNonNull(b.latency, "latency");
        this.detail = Objects.requireNonNull(b.detail, "detail");
    }

    /**
     * A builder that starts unreachable and unhealthy, with HTTP status 0, zero latency and no
     * detail (which {@link Builder#build()} requires).
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this result's values. */
    public Builder toBuilder() {
        return new Builder().detail(detail).healthy(healthy).reachable(reachable).httpStatus(httpStatus)
                .latency(latency);
    }

    /**
     * True when the server is up and ready to serve (a llama.cpp server still loading its model is
     * reachable but not healthy).
     */
    public boolean healthy() {
        return healthy;
    }

    /** True when the server answered at all. */
    public boolean reachable() {
        return reachable;
    }

    /** The probe's HTTP status, 0 when none arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** How long the probe took. */
    public Duration latency() {
        return latency;
    }

    /** A short human-readable explanation ({@code "ok"}, {@code "Loading model"}, the connection error). */
    public String detail() {
        return detail;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProbeResult r && r.healthy == healthy && r.reachable == reachable
                && r.httpStatus == httpStatus && r.latency.equals(latency) && r.detail.equals(detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(healthy, reachable, httpStatus, latency, detail);
    }

    @Override
    public String toString() {
        return "ProbeResult[healthy=" + healthy + ", reachable=" + reachable + ", httpStatus=" + httpStatus
                + ", latency=" + latency + ", detail=" + detail + "]";
    }

    /** Builds a {@link ProbeResult}. Not thread-safe. */
    public static final class Builder {
        private boolean healthy;
        private boolean reachable;
        private int httpStatus;
        private Duration latency = Duration.ZERO;
        private String detail;

        private Builder() {
        }

        /** Whether the server is up and ready to serve (default false). */
        public Builder healthy(boolean healthy) {
            this.healthy = healthy;
            return this;
        }

        /** Whether the server answered at all (default false). */
        public Builder reachable(boolean reachable) {
            this.reachable = reachable;
            return this;
        }

        /** The probe's HTTP status (default 0: none arrived). */
        public Builder httpStatus(int httpStatus) {
            this.httpStatus = httpStatus;
            return this;
        }

        /** How long the probe took (default zero). */
        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        /** A short explanation ({@code "ok"}, {@code "Loading model"}, the connection error); required. */
        public Builder detail(String detail) {
            this.detail = detail;
            return this;
        }

        /** @throws NullPointerException when the latency or the detail is null */
        public ProbeResult build() {
            return new ProbeResult(this);
        }
    }
}
