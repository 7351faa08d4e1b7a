package dev.llmrouter.api;

import java.util.Locale;

/**
 * How an attempt failed, and what the router does about it. Each constant is one row of the
 * failure table in DESIGN section 4.2: whether it counts towards the deployment's circuit,
 * whether it opens the circuit at once, whether another attempt in the same model group may
 * follow, and which fallback chain (if any) applies. Immutable and thread-safe.
 */
public enum FailureKind {
    /** Connection refused or reset, DNS failure: no response arrived. */
    CONNECTION(true, false, true, Fallback.GENERAL),
    /** The attempt's deadline passed (whole body, or first chunk of a stream). */
    TIMEOUT(true, false, true, Fallback.GENERAL),
    /** 500, 502, 503, 504, 529 or a server-side error event. */
    SERVER_ERROR(true, false, true, Fallback.GENERAL),
    /** The server answered something that is not a valid response (bad JSON, wrong type, too large). */
    MALFORMED_RESPONSE(true, false, true, Fallback.GENERAL),
    /** 429: the provider rate-limited us. Opens the circuit for Retry-After or the cooldown. */
    RATE_LIMITED(true, true, true, Fallback.GENERAL),
    /** 429 {@code insufficient_quota} or 402: billing exhausted; retrying cannot help. */
    QUOTA_EXHAUSTED(true, true, false, Fallback.GENERAL),
    /** 401 or 403. */
    AUTHENTICATION(true, true, false, Fallback.GENERAL),
    /** 404: the server does not serve this model. */
    MODEL_NOT_FOUND(true, true, false, Fallback.GENERAL),
    /** The prompt does not fit the model's context window. Retried only on a larger window. */
    CONTEXT_WINDOW(false, false, false, Fallback.CONTEXT_WINDOW),
    /** The provider's content policy refused the request or the answer. */
    CONTENT_POLICY(false, false, false, Fallback.CONTENT_POLICY),
    /** Any other 400 or 422: the caller's request is wrong. Fails fast. */
    INVALID_REQUEST(false, false, false, Fallback.NONE),
    /** A stream broke before its finish (EOF, reset, error event) and before the caller saw a chunk. */
    STREAM_BROKEN(true, false, true, Fallback.GENERAL),
    /** A stream broke after chunks had reached the caller: no retry, no fallback. */
    STREAM_INTERRUPTED(true, false, false, Fallback.NONE),
    /** This router's own rpm/tpm limit said no (no provider was called). */
    LOCAL_RATE_LIMIT(false, false, false, Fallback.GENERAL),
    /** No deployment could be tried (all circuits open, not served, over limits). */
    NO_DEPLOYMENT(false, false, false, Fallback.GENERAL),
    /** The caller cancelled the request. */
    CANCELLED(false, false, false, Fallback.NONE),
    /** The configuration is invalid. */
    CONFIGURATION(false, false, false, Fallback.NONE);

    /** Which fallback chain a failure leads to. */
    public enum Fallback {
        /** {@code fallbacks}, then {@code default_fallbacks}. */
        GENERAL,
        /** {@code context_window_fallbacks}. */
        CONTEXT_WINDOW,
        /** {@code content_policy_fallbacks}. */
        CONTENT_POLICY,
        /** No fallback: the failure goes to the caller. */
        NONE
    }

    private final boolean countsForCircuit;
    private final boolean opensCircuitImmediately;
    private final boolean retryableInGroup;
    private final Fallback fallback;

    FailureKind(boolean countsForCircuit, boolean opensCircuitImmediately, boolean retryableInGroup, Fallback fallback) {
        this.countsForCircuit = countsForCircuit;
        this.opensCircuitImmediately = opensCircuitImmediately;
        this.retryableInGroup = retryableInGroup;
        this.fallback = fallback;
    }

    /** True when the failure is tallied towards the deployment's circuit breaker. */
    public boolean countsForCircuit() {
        return countsForCircuit;
    }

    /** True when one such failure opens the circuit without waiting for {@code allowed_fails}. */
    public boolean opensCircuitImmediately() {
        return opensCircuitImmediately;
    }

    /** True when another attempt in the same model group may follow. */
    public boolean retryableInGroup() {
        return retryableInGroup;
    }

    /** The fallback chain this failure leads to. */
    public Fallback fallback() {
        return fallback;
    }

    /** The lower-case name used in attempt records and JSON ({@code rate_limited}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
