package dev.llmrouter.spi.state;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@link AdmissionControl#admit}: granted (with whether this attempt is the one
 * half-open probe), or denied with the part that said no and how long until it may say yes.
 * A granted admission must be settled exactly once. Immutable and thread-safe.
 *
 * @param request what was asked
 * @param granted true when the attempt may go ahead
 * @param denial the part that said no, when denied
 * @param retryAfter how long until the denying part may admit (zero when unknown), when denied
 * @param probe true when this attempt is the circuit's single half-open probe
 */
public record Admission(AdmissionRequest request, boolean granted, Denial denial, Duration retryAfter, boolean probe) {

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

    /** @throws NullPointerException when the request is null */
    public Admission {
        Objects.requireNonNull(request, "request");
        retryAfter = retryAfter == null ? Duration.ZERO : retryAfter;
        if (!granted) {
            Objects.requireNonNull(denial, "denial");
        }
    }

    /** A grant. */
    public static Admission granted(AdmissionRequest request, boolean probe) {
        return new Admission(request, true, null, Duration.ZERO, probe);
    }

    /** A denial by {@code denial}, which may admit again after {@code retryAfter}. */
    public static Admission denied(AdmissionRequest request, Denial denial, Duration retryAfter) {
        return new Admission(request, false, denial, retryAfter, false);
    }

    /** True when a rate limit (not the circuit or concurrency) said no. */
    public boolean deniedByRateLimit() {
        return denial == Denial.DEPLOYMENT_RPM || denial == Denial.DEPLOYMENT_TPM || denial == Denial.GROUP_RPM
                || denial == Denial.GROUP_TPM;
    }
}
