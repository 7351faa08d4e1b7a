package dev.llmrouter.api;

import java.time.Duration;
import java.util.Objects;

/**
 * What a provider said about a failure, parsed from its error body and headers. All text fields
 * are the provider's own words (never our secrets). Immutable and thread-safe; build with
 * {@link #builder(int)} or {@link #of(int, String)} (provider adapters build these). A class rather
 * than a record so that new fields can be added without breaking callers.
 */
public final class ProviderError {
    private final int status;
    private final String type;
    private final String code;
    private final String message;
    private final String requestId;
    private final Duration retryAfter;
    private final Boolean shouldRetry;

    private ProviderError(Builder b) {
        this.status = b.status;
        this.type = b.type;
        this.code = b.code;
        this.message = b.message;
        this.requestId = b.requestId;
        this.retryAfter = b.retryAfter;
        this.shouldRetry = b.shouldRetry;
    }

    /** An error with only a status and a message. */
    public static ProviderError of(int status, String message) {
        return builder(status).message(message).build();
    }

    /** A builder for an error with HTTP status {@code status}; every other field starts unset (null). */
    public static Builder builder(int status) {
        return new Builder(status);
    }

    /** A builder holding this error's values. */
    public Builder toBuilder() {
        return new Builder(status).type(type).code(code).message(message).requestId(requestId).retryAfter(retryAfter)
                .shouldRetry(shouldRetry);
    }

    /** The HTTP status (200 for an error event inside a stream), or 0 when none arrived. */
    public int status() {
        return status;
    }

    /** The provider's error type ({@code invalid_request_error}, {@code BadRequestError}, ...), or null. */
    public String type() {
        return type;
    }

    /** The provider's error code ({@code context_length_exceeded}, {@code 400}, ...) as text, or null. */
    public String code() {
        return code;
    }

    /** The provider's error message, or null. */
    public String message() {
        return message;
    }

    /** The provider's request id header, or null. */
    public String requestId() {
        return requestId;
    }

    /** The server's retry hint ({@code retry-after-ms}, {@code retry-after}), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The server's {@code x-should-retry} header, or null. */
    public Boolean shouldRetry() {
        return shouldRetry;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProviderError e && e.status == status && Objects.equals(e.type, type)
                && Objects.equals(e.code, code) && Objects.equals(e.message, message)
                && Objects.equals(e.requestId, requestId) && Objects.equals(e.retryAfter, retryAfter)
                && Objects.equals(e.shouldRetry, shouldRetry);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, type, code, message, requestId, retryAfter, shouldRetry);
    }

    @Override
    public String toString() {
        return "ProviderError[status=" + status + ", type=" + type + ", code=" + code + ", message=" + message
                + ", requestId=" + requestId + ", retryAfter=" + retryAfter + ", shouldRetry=" + shouldRetry + "]";
    }

    /** Builds a {@link ProviderError}. Not thread-safe. */
    public static final class Builder {
        private final int status;
        private String type;
        private String code;
        private String message;
        private String requestId;
        private Duration retryAfter;
        private Boolean shouldRetry;

        private Builder(int status) {
            this.status = status;
        }

        /** The provider's error type, or null (the default). */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /** The provider's error code as text, or null (the default). */
        public Builder code(String code) {
            this.code = code;
            return this;
        }

        /** The provider's error message, or null (the default). */
        public Builder message(String message) {
            this.message = message;
            return this;
        }

        /** The provider's request id, or null (the default). */
        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        /** The server's retry hint, or null (the default). */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        /** The server's {@code x-should-retry} header, or null (the default). */
        public Builder shouldRetry(Boolean shouldRetry) {
            this.shouldRetry = shouldRetry;
            return this;
        }

        /** The error. */
        public ProviderError build() {
            return new ProviderError(this);
        }
    }
}
