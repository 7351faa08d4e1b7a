package dev.llmrouter.internal.http;

import dev.llmrouter.api.ProviderError;
import java.time.Instant;
import okhttp3.Headers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Turns an error response into a {@link ProviderError}, whatever envelope the server used
 * (WIRE.md): OpenAI's {@code {"error":{message,type,param,code}}} (code a string, or vLLM's and
 * llama.cpp's integer), vLLM's old flat {@code {"object":"error",...}}, a string error
 * ({@code {"error":"Unauthorized"}}, Ollama's {@code {"error":"..."}}), Anthropic's
 * {@code {"type":"error","error":{type,message},"request_id"}}, FastAPI's {@code {"detail":...}},
 * and bodies that are not JSON at all (a proxy's HTML page: a short excerpt is kept). Every text
 * taken from the body goes through the {@link Redactor}. Stateless and thread-safe.
 */
public final class ErrorParser {
    private ErrorParser() {
    }

    /**
     * Parses an HTTP error response.
     *
     * @param status the HTTP status
     * @param headers the response headers (request id, retry hint, {@code x-should-retry})
     * @param body the body as text, possibly empty or cut at a size limit
     * @param now the wall-clock time, to turn an HTTP-date {@code retry-after} into a delay
     * @param redactor masks secrets a server might echo back
     */
    public static ProviderError parse(int status, Headers headers, String body, Instant now, Redactor redactor) {
        ProviderError fromBody = parseBody(status, body, ResponseHeaders.requestId(headers), redactor);
        return ProviderError.builder(status).type(fromBody.type()).code(fromBody.code()).message(fromBody.message())
                .requestId(fromBody.requestId()).retryAfter(ResponseHeaders.retryAfter(headers, now))
                .shouldRetry(ResponseHeaders.shouldRetry(headers)).build();
    }

    /**
     * Parses an error body alone (no headers): used for the HTTP body and for an error that arrives
     * inside a stream, where {@code status} is 200.
     */
    public static ProviderError parseBody(int status, String body, String requestId, Redactor redactor) {
        String text = body == null ? "" : body.strip();
        JsonNode root = null;
        if (text.startsWith("{")) {
            try {
                root = Json.parse(text);
            } catch (JacksonException e) {
                root = null;
            }
        }
        if (root == null || !root.isObject()) {
            String msg = text.isEmpty() ? "empty error body" : Excerpts.of(text);
            return ProviderError.builder(status).message(redactor.redact(msg)).requestId(requestId).build();
        }
        return fromJson(status, root, requestId, redactor);
    }

    /**
     * Reads an already parsed error envelope (the whole object holding {@code error}, or a flat
     * vLLM error object). Returns a message from the JSON excerpt when no known field holds one.
     */
    public static ProviderError fromJson(int status, JsonNode root, String requestId, Redactor redactor) {
        String rid = requestId != null ? requestId : Json.text(root, "request_id");
        JsonNode error = root.get("error");
        String type;
        String code;
        String message;
        if (error != null && error.isObject()) {
            type = Json.text(error, "type");
            code = Json.text(error, "code");
            message = Json.text(error, "message");
        } else if (error != null && error.isString()) {
            type = null;
            code = null;
            message = error.stringValue();
        } else {
            // vLLM's older flat envelope, FastAPI's {"detail": ...}, or something unknown; a root
            // "type":"error" only says that this is an error, not which one
            String rootType = Json.text(root, "type");
            type = "error".equals(rootType) ? null : rootType;
            code = Json.text(root, "code");
            message = Json.text(root, "message");
            if (message == null) {
                JsonNode detail = root.get("detail");
                message = detail == null ? null : detail.isString() ? detail.stringValue() : Json.write(detail);
            }
        }
        if (message == null || message.isBlank()) {
            message = Excerpts.of(Json.write(root));
        }
        return ProviderError.builder(status).type(blankToNull(type)).code(blankToNull(code))
                .message(redactor.redact(Excerpts.of(message, 1000))).requestId(rid).build();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
