package dev.llmrouter.api;

import java.util.Locale;
import java.util.Optional;

/**
 * How one attempt ended: {@link #SUCCESS}, or the {@link FailureKind} of its failure (one constant
 * per kind, of the same name). Found on {@link AttemptRecord#outcome()}. Thread-safe.
 */
public enum AttemptOutcome {
    /** The attempt produced the answer. */
    SUCCESS(null),
    /** See {@link FailureKind#CONNECTION}. */
    CONNECTION(FailureKind.CONNECTION),
    /** See {@link FailureKind#TIMEOUT}. */
    TIMEOUT(FailureKind.TIMEOUT),
    /** See {@link FailureKind#SERVER_ERROR}. */
    SERVER_ERROR(FailureKind.SERVER_ERROR),
    /** See {@link FailureKind#MALFORMED_RESPONSE}. */
    MALFORMED_RESPONSE(FailureKind.MALFORMED_RESPONSE),
    /** See {@link FailureKind#RATE_LIMITED}. */
    RATE_LIMITED(FailureKind.RATE_LIMITED),
    /** See {@link FailureKind#QUOTA_EXHAUSTED}. */
    QUOTA_EXHAUSTED(FailureKind.QUOTA_EXHAUSTED),
    /** See {@link FailureKind#AUTHENTICATION}. */
    AUTHENTICATION(FailureKind.AUTHENTICATION),
    /** See {@link FailureKind#MODEL_NOT_FOUND}. */
    MODEL_NOT_FOUND(FailureKind.MODEL_NOT_FOUND),
    /** See {@link FailureKind#CONTEXT_WINDOW}. */
    CONTEXT_WINDOW(FailureKind.CONTEXT_WINDOW),
    /** See {@link FailureKind#CONTENT_POLICY}. */
    CONTENT_POLICY(FailureKind.CONTENT_POLICY),
    /** See {@link FailureKind#INVALID_REQUEST}. */
    INVALID_REQUEST(FailureKind.INVALID_REQUEST),
    /** See {@link FailureKind#STREAM_BROKEN}. */
    STREAM_BROKEN(FailureKind.STREAM_BROKEN),
    /** See {@link FailureKind#STREAM_INTERRUPTED}. */
    STREAM_INTERRUPTED(FailureKind.STREAM_INTERRUPTED),
    /** See {@link FailureKind#LOCAL_RATE_LIMIT}. */
    LOCAL_RATE_LIMIT(FailureKind.LOCAL_RATE_LIMIT),
    /** See {@link FailureKind#NO_DEPLOYMENT}. */
    NO_DEPLOYMENT(FailureKind.NO_DEPLOYMENT),
    /** See {@link FailureKind#CANCELLED}. */
    CANCELLED(FailureKind.CANCELLED),
    /** See {@link FailureKind#CONFIGURATION}. */
    CONFIGURATION(FailureKind.CONFIGURATION);

    private final FailureKind failure;

    AttemptOutcome(FailureKind failure) {
        this.failure = failure;
    }

    /** The outcome of an attempt that failed with {@code kind}. */
    public static AttemptOutcome of(FailureKind kind) {
        return valueOf(kind.name());
    }

    /** The failure's kind; empty for {@link #SUCCESS}. */
    public Optional<FailureKind> failureKind() {
        return Optional.ofNullable(failure);
    }

    /** The name in lower case ({@code success}, {@code timeout}, ...), as reports and logs print it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
