package dev.llmrouter.internal.http;

import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.FailureKind;
import dev.llmrouter.api.InsufficientQuotaException;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.ModelNotFoundException;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.ProviderException;
import dev.llmrouter.api.ProviderOverloadedException;
import dev.llmrouter.api.ProviderRateLimitException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamBrokenException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one classifier of provider errors, shared by all adapters (DESIGN 4.2, WIRE.md section 4).
 * Structure first (HTTP status, error type, error code), message text last, because wording changes
 * between server versions. An error found inside a stream arrives with status 200: its status is
 * then taken from an integer {@code code} (vLLM, llama.cpp) or from the error type's usual status.
 * A 429 is never a context overflow. Stateless and thread-safe.
 */
public final class ErrorClassifier {
    /** WIRE.md section 4: case-insensitive texts that mean the prompt did not fit. */
    private static final List<String> CONTEXT_PATTERNS = List.of("context_length_exceeded", "exceed_context_size_error",
            "maximum context length", "context length is only", "exceeds the available context size", "prompt is too long",
            "exceed context limit", "input length exceeds the context length");
    /** Texts that are structural markers even when found inside a message (Ollama wraps llama.cpp's JSON in a string). */
    private static final List<String> CONTEXT_MARKERS = List.of("context_length_exceeded", "exceed_context_size_error");
    private static final List<String> CONTENT_POLICY_PATTERNS = List.of("content_policy_violation", "content_filter",
            "content management policy", "content policy", "safety system");

    /** The usual HTTP status of each provider error type, for errors that arrive inside a 200 stream. */
    private static final Map<String, Integer> TYPE_STATUS = Map.ofEntries(
            Map.entry("badrequesterror", 400), Map.entry("invalid_request_error", 400), Map.entry("exceed_context_size_error", 400),
            Map.entry("authentication_error", 401), Map.entry("unauthorized", 401), Map.entry("permission_error", 403),
            Map.entry("billing_error", 402), Map.entry("insufficient_quota", 429),
            Map.entry("notfounderror", 404), Map.entry("not_found_error", 404), Map.entry("request_too_large", 413),
            Map.entry("unprocessableentityerror", 422), Map.entry("rate_limit_error", 429), Map.entry("rate_limit_exceeded", 429),
            Map.entry("tokens", 429), Map.entry("requests", 429),
            Map.entry("internalservererror", 500), Map.entry("server_error", 500), Map.entry("api_error", 500),
            Map.entry("notimplementederror", 501), Map.entry("not_supported_error", 501), Map.entry("unavailable_error", 503),
            Map.entry("timeout_error", 504), Map.entry("overloaded_error", 529));

    private ErrorClassifier() {
    }

    /**
     * The typed exception for a provider's error.
     *
     * @param provider the provider name, for the message
     * @param error what the provider said (status 200 for an error event inside a stream)
     * @param cause an underlying exception, or null
     */
    public static ProviderException classify(String provider, ProviderError error, Throwable cause) {
        String type = lower(error.type());
        String code = lower(error.code());
        String text = error.message() == null ? "" : lower(error.message());
        int status = effectiveStatus(error.status(), type, code);
        String message = describe(error);

        boolean contextMarker = is(code, CONTEXT_MARKERS) || is(type, CONTEXT_MARKERS) || containsAny(text, CONTEXT_MARKERS);
        if (contextMarker && status != 429 && status != 401 && status != 403) {
            return new ContextWindowExceededException(provider, error, message, cause);
        }
        if (is(code, "content_policy_violation", "content_filter") || is(type, "content_policy_violation")) {
            return new ContentPolicyException(provider, error, message, cause);
        }
        if (status == 402 || is(code, "insufficient_quota") || is(type, "insufficient_quota", "billing_error")) {
            return new InsufficientQuotaException(provider, error, message, cause);
        }
        if (status == 429 || is(code, "rate_limit_exceeded") || is(type, "rate_limit_error", "rate_limit_exceeded")) {
            return new ProviderRateLimitException(provider, error, message, cause);
        }
        if (status == 401 || status == 403 || is(type, "authentication_error", "permission_error")) {
            return new AuthenticationException(provider, error, message, cause);
        }
        if (status == 404 || is(code, "model_not_found") || is(type, "notfounderror", "not_found_error")) {
            return new ModelNotFoundException(provider, error, message, cause);
        }
        if (status == 503 || status == 529 || is(type, "overloaded_error", "unavailable_error") || text.contains("server busy")) {
            return new ProviderOverloadedException(provider, error, message, cause);
        }
        if (status >= 500 || status == 408 || status == 409 || status == 499) {
            // 408 and 409 are retried by the official SDKs; 499 is Ollama's "client went away"
            return new ProviderUnavailableException(FailureKind.SERVER_ERROR, provider, error, message, cause);
        }
        boolean clientError = status == 400 || status == 413 || status == 422 || status == 200 || status == 0;
        if (clientError && containsAny(text, CONTEXT_PATTERNS)) {
            return new ContextWindowExceededException(provider, error, message, cause);
        }
        if (clientError && containsAny(text, CONTENT_POLICY_PATTERNS)) {
            return new ContentPolicyException(provider, error, message, cause);
        }
        if (status >= 400) {
            return new InvalidRequestException(provider, error, message, cause);
        }
        // an error event inside a stream that names nothing we know: the stream failed
        return new StreamBrokenException(provider, error, "error event in stream: " + message, cause);
    }

    /**
     * The status to classify by: the HTTP status, except for an error inside a stream (200) or one
     * without a response (0), where an integer {@code code} in 400..599 or the type's usual status
     * stands in.
     */
    static int effectiveStatus(int status, String type, String code) {
        if (status >= 300) {
            return status;
        }
        if (code != null && code.length() == 3 && Character.isDigit(code.charAt(0))) {
            try {
                int c = Integer.parseInt(code);
                if (c >= 400 && c <= 599) {
                    return c;
                }
            } catch (NumberFormatException ignored) {
                // not a number: the code is a word, classified below
            }
        }
        Integer byType = type == null ? null : TYPE_STATUS.get(type);
        if (byType == null && code != null) {
            byType = TYPE_STATUS.get(code);
        }
        return byType != null ? byType : status;
    }

    private static String describe(ProviderError e) {
        StringBuilder sb = new StringBuilder();
        String label = e.type() != null ? e.type() : e.code();
        if (label != null) {
            sb.append(label);
            if (e.type() != null && e.code() != null && !e.code().equals(e.type())) {
                sb.append('/').append(e.code());
            }
            sb.append(": ");
        }
        sb.append(e.message() == null || e.message().isBlank() ? "no message" : e.message());
        if (e.requestId() != null) {
            sb.append(" [request id ").append(e.requestId()).append(']');
        }
        return sb.toString();
    }

    private static boolean is(String value, String... candidates) {
        return is(value, List.of(candidates));
    }

    private static boolean is(String value, List<String> candidates) {
        return value != null && candidates.contains(value);
    }

    private static boolean containsAny(String text, List<String> patterns) {
        for (String p : patterns) {
            if (text.contains(p)) {
                return true;
            }
        }
        return false;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
