package dev.llmrouter.spi.state;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer of {@link AdmissionControl#admit}: granted (with whether this attempt is the one
 * half-open probe), or denied with the part that said no and how long until it may say yes; in
 * both cases the deployment's circuit state after the call, the circuit change the call made (if
 * any), and the deployment's rate-limit headroom as the call left it. The router takes circuit
 * decisions and circuit events only from these answers and from {@link Settlement}s, so a store
 * never needs a second call to tell it what happened.
 *
 * <p>A granted admission must be settled exactly once. Implementations build answers with
 * {@link #granted(AdmissionRequest, boolean)}, {@link #denied(AdmissionRequest, Denial, Duration)} or,
 * to report circuit and headroom, {@link #builder(AdmissionRequest)}. Immutable and thread-safe.
 */
public final class Admission {

    /** Which part of the admission step said no. */
    public enum Denial {
        /** The circuit is open (or half-open with its probe already in flight). */
        CIRCUIT_OPEN,
        /** The deployment's requests-per-minute limit. */
        DEPLOYMENT_RPM,
        /** The deployment's tokens-per-minute limit. */
        DEPLOYMENT_TPM,
        /** The model group's requests-per-minute limit. */
        GROUP_RPM,
        /** The model group's tokens-per-minute limit. */
        GROUP_TPM,
        /** No concurrency slot (provider or deployment parallel cap) was free in time. */
        CONCURRENCY
    }

    private final AdmissionRequest request;
    private final Denial denial;
    private final Duration retryAfter;
    private final boolean probe;
    private final CircuitState circuitState;
    private final CircuitTransition transition;
    private final double headroom;

    private Admission(Builder b) {
        this.request = b.request;
        this.denial = b.denial;
        this.retryAfter = b.retryAfter;
        this.probe = b.denial == null && b.probe;
        this.circuitState = b.circuitState != null ? b.circuitState
                : probe ? CircuitState.HALF_OPEN : b.denial == Denial.CIRCUIT_OPEN ? CircuitState.OPEN : CircuitState.CLOSED;
        this.transition = b.transition;
        this.headroom = b.headroom;
    }

    /** A grant; the circuit is CLOSED, or HALF_OPEN for the probe; headroom unknown. */
    public static Admission granted(AdmissionRequest request, boolean probe) {
        return builder(request).probe(probe).build();
    }

    /**
     * A denial by {@code denial}, which may admit again after {@code retryAfter}; for
     * {@link Denial#CIRCUIT_OPEN} the circuit is reported OPEN, else CLOSED; headroom unknown.
     */
    public static Admission denied(AdmissionRequest request, Denial denial, Duration retryAfter) {
        return builder(request).denial(denial, retryAfter).build();
    }

    /** A builder for an answer to {@code request}: a grant unless {@link Builder#denial} is set. */
    public static Builder builder(AdmissionRequest request) {
        return new Builder(request);
    }

    /** What was asked. */
    public AdmissionRequest request() {
        return request;
    }

    /** True when the attempt may go ahead. */
    public boolean granted() {
        return denial == null;
    }

    /** The part that said no, or null when granted. */
    public Denial denial() {
        return denial;
    }

    /**
     * When denied: how long until the denying part may admit (zero when unknown); for an open circuit,
     * until its probe may go; for a half-open one whose probe is out, until that probe's lease ends.
     * Zero when granted.
     */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** True when this attempt is the circuit's single half-open probe. */
    public boolean probe() {
        return probe;
    }

    /**
     * The deployment's circuit after this call: CLOSED; HALF_OPEN when this attempt is the probe, or
     * when the probe of another attempt is out (a {@link Denial#CIRCUIT_OPEN} denial), or when the
     * probe this call took was given back because another part said no; OPEN within its cooldown.
     */
    public CircuitState circuitState() {
        return circuitState;
    }

    /** The circuit change this call made (OPEN to HALF_OPEN when it took the first probe), or null. */
    public CircuitTransition transition() {
        return transition;
    }

    /**
     * The share of the deployment's own rpm/tpm still free after this call, 0 to 1 (1 when unlimited),
     * or NaN when the implementation does not report it. {@code usage-based} routing reads the last
     * figure reported, so it needs no read of its own.
     */
    public double headroom() {
        return headroom;
    }

    /** True when a rate limit (not the circuit or concurrency) said no. */
    public boolean deniedByRateLimit() {
        return denial == Denial.DEPLOYMENT_RPM || denial == Denial.DEPLOYMENT_TPM || denial == Denial.GROUP_RPM
                || denial == Denial.GROUP_TPM;
    }

    @Override
    public String toString() {
        return "Admission[" + request.attemptId() + (denial == null ? " granted" + (probe ? " (probe)" : "")
                : " denied by " + denial + ", retry after " + retryAfter) + ", circuit " + circuitState
                + (transition == null ? "" : " (" + transition.from() + " -> " + transition.to() + ")") + "]";
    }

    /** Builds an {@link Admission}. Not thread-safe. */
    public static final class Builder {
        private final AdmissionRequest request;
        private Denial denial;
        private Duration retryAfter = Duration.ZERO;
        private boolean probe;
        private CircuitState circuitState;
        private CircuitTransition transition;
        private double headroom = Double.NaN;

        private Builder(AdmissionRequest request) {
            this.request = Objects.requireNonNull(request, "request");
        }

        /** Makes this a denial by {@code denial}, free again after {@code retryAfter} (null: zero, unknown). */
        public Builder denial(Denial denial, Duration retryAfter) {
            this.denial = Objects.requireNonNull(denial, "denial");
            this.retryAfter = retryAfter == null || retryAfter.isNegative() ? Duration.ZERO : retryAfter;
            return this;
        }

        /** Marks a grant as the half-open probe. Default false. */
        public Builder probe(boolean probe) {
            this.probe = probe;
            return this;
        }

        /**
         * The circuit's state after the call and the change the call made (null: none). Default: derived
         * (HALF_OPEN for a probe, OPEN for a circuit denial, else CLOSED), no change.
         */
        public Builder circuit(CircuitState state, CircuitTransition transition) {
            this.circuitState = Objects.requireNonNull(state, "state");
            this.transition = transition;
            return this;
        }

        /** The deployment's headroom after the call, 0 to 1, or NaN for unknown (the default). */
        public Builder headroom(double headroom) {
            this.headroom = Settlement.checkedHeadroom(headroom);
            return this;
        }

        /** The answer. */
        public Admission build() {
            return new Admission(this);
        }
    }
}
