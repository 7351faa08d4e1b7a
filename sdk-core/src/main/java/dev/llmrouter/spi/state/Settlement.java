package dev.llmrouter.spi.state;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer of {@link AdmissionControl#settle}: whether the call settled anything (false for a
 * denied admission or one already settled), the deployment's circuit after it, how long until that
 * circuit lets an attempt through, the circuit change the call made (if any), and the deployment's
 * rate-limit headroom after reconciliation. Build one with {@link #builder(CircuitState)}; use
 * {@link #IGNORED} for a settle that did nothing. Immutable and thread-safe.
 */
public final class Settlement {
    /** The answer of a settle that did nothing: the admission was denied or already settled. */
    public static final Settlement IGNORED = new Settlement(false, CircuitState.CLOSED, Duration.ZERO, null, Double.NaN);

    private final boolean applied;
    private final CircuitState circuitState;
    private final Duration circuitRetryAfter;
    private final CircuitTransition transition;
    private final double headroom;

    private Settlement(boolean applied, CircuitState state, Duration retryAfter, CircuitTransition transition,
                       double headroom) {
        this.applied = applied;
        this.circuitState = state;
        this.circuitRetryAfter = retryAfter;
        this.transition = transition;
        this.headroom = headroom;
    }

    /** A builder for an applied settlement after which the circuit is {@code state}. */
    public static Builder builder(CircuitState state) {
        return new Builder(state);
    }

    /** True when this call settled the admission; false when it did nothing. */
    public boolean applied() {
        return applied;
    }

    /** The deployment's circuit after the call (CLOSED for {@link #IGNORED}: nothing known). */
    public CircuitState circuitState() {
        return circuitState;
    }

    /**
     * How long until the circuit lets an attempt through: the rest of the cooldown of an OPEN circuit,
     * the rest of the probe's lease of a HALF_OPEN one whose probe is out; zero when an attempt may go now.
     */
    public Duration circuitRetryAfter() {
        return circuitRetryAfter;
    }

    /** The circuit change this call made (CLOSED to OPEN, HALF_OPEN to CLOSED or OPEN...), or null. */
    public CircuitTransition transition() {
        return transition;
    }

    /** The deployment's headroom after reconciliation, 0 to 1 (1 when unlimited), or NaN when not reported. */
    public double headroom() {
        return headroom;
    }

    /** {@code headroom} when it is within 0 and 1 or NaN (unknown). */
    static double checkedHeadroom(double headroom) {
        if (headroom < 0 || headroom > 1) {
            throw new IllegalArgumentException("headroom must be within 0 and 1 (or NaN: unknown), got " + headroom);
        }
        return headroom;
    }

    @Override
    public String toString() {
        return applied ? "Settlement[circuit " + circuitState + (transition == null ? ""
                : " (" + transition.from() + " -> " + transition.to() + ")") + "]" : "Settlement[ignored]";
    }

    /** Builds a {@link Settlement}. Not thread-safe. */
    public static final class Builder {
        private final CircuitState state;
        private Duration retryAfter = Duration.ZERO;
        private CircuitTransition transition;
        private double headroom = Double.NaN;

        private Builder(CircuitState state) {
            this.state = Objects.requireNonNull(state, "state");
        }

        /** How long until the circuit lets an attempt through (null or negative: zero). Default zero. */
        public Builder circuitRetryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter == null || retryAfter.isNegative() ? Duration.ZERO : retryAfter;
            return this;
        }

        /** The change the call made, or null (the default) for none. */
        public Builder transition(CircuitTransition transition) {
            this.transition = transition;
            return this;
        }

        /** The headroom after reconciliation, 0 to 1, or NaN for unknown (the default). */
        public Builder headroom(double headroom) {
            this.headroom = checkedHeadroom(headroom);
            return this;
        }

        /** The answer. */
        public Settlement build() {
            return new Settlement(true, state, retryAfter, transition, headroom);
        }
    }
}
