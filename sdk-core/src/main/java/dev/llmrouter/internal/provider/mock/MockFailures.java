package dev.llmrouter.internal.provider.mock;

import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.FailureKind;
import dev.llmrouter.api.InsufficientQuotaException;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.ModelNotFoundException;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.ProviderOverloadedException;
import dev.llmrouter.api.ProviderRateLimitException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamBrokenException;
import java.time.Duration;

/**
 * Builds the exceptions a real adapter throws for each scripted failure: the same types, the same
 * {@link ProviderError} fields (status, OpenAI-style type and code, retry hint). Stateless.
 */
final class MockFailures {
    private MockFailures() {
    }

    /** The exception for a failing outcome (not {@code ok}, not {@code timeout}). */
    static LlmRouterException of(String provider, MockOutcome outcome, Duration retryAfter, String model) {
        return switch (outcome.kind()) {
            case CONNECTION_RESET -> new ProviderUnavailableException(FailureKind.CONNECTION, provider,
                    ProviderError.of(0, "Connection reset"), "connection reset (mock)", null);
            case CONTEXT_WINDOW -> new ContextWindowExceededException(provider, error(400, "invalid_request_error",
                    "context_length_exceeded", "This model's maximum context length is 8192 tokens. However, your "
                            + "messages resulted in 9000 tokens.", null), "context window exceeded (mock)", null);
            case CONTENT_POLICY -> new ContentPolicyException(provider, error(400, "invalid_request_error",
                    "content_policy_violation", "Your request was rejected by the content policy.", null),
                    "content policy (mock)", null);
            case STREAM_BREAK -> new ProviderUnavailableException(FailureKind.CONNECTION, provider,
                    ProviderError.of(0, "unexpected end of stream"), "response body cut off (mock)", null);
            case HTTP -> http(provider, outcome.status(), retryAfter, model);
            case OK, TIMEOUT -> throw new IllegalArgumentException("not a failure: " + outcome);
        };
    }

    /** The failure of a stream broken after its first chunk. */
    static StreamBrokenException streamBroken(String provider) {
        return new StreamBrokenException(provider, ProviderError.of(200, "stream ended before its finish"),
                "stream broken after the first chunk (mock)", null);
    }

    private static LlmRouterException http(String provider, int status, Duration retryAfter, String model) {
        String what = "mock failure";
        return switch (status) {
            case 400, 422 -> new InvalidRequestException(provider, error(status, "invalid_request_error", null,
                    "Invalid request (mock)", null), what, null);
            case 401, 403 -> new AuthenticationException(provider, error(status, "authentication_error",
                    "invalid_api_key", "Incorrect API key provided (mock)", null), what, null);
            case 402 -> new InsufficientQuotaException(provider, error(status, "billing_error", "insufficient_quota",
                    "Insufficient balance (mock)", null), what, null);
            case 404 -> new ModelNotFoundException(provider, error(status, "not_found_error", "model_not_found",
                    "The model `" + model + "` does not exist (mock)", null), what, null);
            case 429 -> new ProviderRateLimitException(provider, error(status, "rate_limit_error", "rate_limit_exceeded",
                    "Rate limit reached (mock)", retryAfter), what, null);
            case 503, 529 -> new ProviderOverloadedException(provider, error(status, "overloaded_error", null,
                    "Overloaded (mock)", retryAfter), what, null);
            default -> status >= 500 || status == 408 || status == 409
                    ? new ProviderUnavailableException(FailureKind.SERVER_ERROR, provider, error(status, "server_error",
                            null, "Internal server error (mock)", retryAfter), what, null)
                    : new InvalidRequestException(provider, error(status, "invalid_request_error", null,
                            "Request rejected (mock)", null), what, null);
        };
    }

    private static ProviderError error(int status, String type, String code, String message, Duration retryAfter) {
        return ProviderError.builder(status).type(type).code(code).message(message).retryAfter(retryAfter).build();
    }
}
