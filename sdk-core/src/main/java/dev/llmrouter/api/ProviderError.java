package dev.llmrouter.api;

import java.time.Duration;
import java.util.Optional;

/**
 * What a provider said about a failure, parsed from its error body and headers. All text fields
 * are the provider's own words (never our secrets). Immutable and thread-safe.
 *
 * @param status the HTTP status (200 for an error event inside a stream), or 0 when none arrived
 * @param type the provider's error type ({@code invalid_request_error}, {@code BadRequestError}, ...) or null
 * @param code the provider's error code ({@code context_length_exceeded}, {@code 400}, ...) as text, or null
 * @param message the provider's error message, or null
 * @param requestId the provider's request id header, or null
 * @param retryAfter the server's retry hint ({@code retry-after-ms}, {@code retry-after}), or null
 * @param shouldRetry the server's {@code x-should-retry} header, or null
 */
public record ProviderError(int status, String type, String code, String message, String requestId, Duration retryAfter,
                            Boolean shouldRetry) {
    /** An error with only a status and a message. */
    public static ProviderError of(int status, String message) {
        return new ProviderError(status, null, null, message, null, null, null);
    }
}
