package dev.llmrouter.provider.ollama;

import dev.llmrouter.api.ProviderError;
import dev.llmrouter.internal.codec.WireJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Ollama's error shapes. Ollama answers {@code {"error":"message"}} (a string), but when its
 * llama.cpp runner fails (a context overflow, say) it passes the runner's whole JSON error through
 * inside that string; we lift the inner {@code type}, {@code code} and {@code message} out so the
 * classifier sees {@code exceed_context_size_error} as a type, not buried text. Stateless and
 * thread-safe.
 */
final class OllamaErrors {
    private OllamaErrors() {
    }

    /**
     * The error described by the value of an {@code "error"} field.
     *
     * @param status the HTTP status (200 for an error line inside a stream)
     * @param error the field's value: a string (usual) or an object
     * @param requestId the request id header, or null
     */
    static ProviderError fromErrorField(int status, JsonNode error, String requestId) {
        if (error != null && error.isObject()) {
            return fromObject(status, error, requestId, null);
        }
        String message = error == null || error.isNull() ? null : error.isString() ? error.stringValue() : WireJson.write(error);
        return liftEmbedded(new ProviderError(status, null, null, message, requestId, null, null));
    }

    /**
     * The same error with the type, code and message of a JSON error embedded in its message, when
     * there is one; else the error unchanged.
     */
    static ProviderError liftEmbedded(ProviderError e) {
        String message = e.message();
        int start = message == null ? -1 : message.indexOf('{');
        if (start < 0 || !message.endsWith("}")) {
            return e;
        }
        JsonNode inner;
        try {
            inner = WireJson.MAPPER.readTree(message.substring(start));
        } catch (JacksonException notJson) {
            return e;
        }
        JsonNode err = inner.path("error");
        if (err.isObject()) {
            return fromObject(e.status(), err, e.requestId(), e);
        }
        if (inner.isObject() && inner.has("type") && inner.has("message")) {
            return fromObject(e.status(), inner, e.requestId(), e);
        }
        return e;
    }

    private static ProviderError fromObject(int status, JsonNode err, String requestId, ProviderError outer) {
        String type = WireJson.text(err, "type");
        JsonNode codeNode = err.get("code");
        String code = codeNode == null || codeNode.isNull() ? null : codeNode.isString() ? codeNode.stringValue() : codeNode.asString();
        String message = WireJson.text(err, "message");
        if (message == null && outer != null) {
            message = outer.message();
        }
        return new ProviderError(status, type, code, message, requestId,
                outer == null ? null : outer.retryAfter(), outer == null ? null : outer.shouldRetry());
    }
}
