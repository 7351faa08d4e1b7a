package dev.llmrouter.internal.adapter;

import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.internal.http.Excerpts;
import dev.llmrouter.internal.http.Json;
import dev.llmrouter.internal.http.Redactor;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON helpers of the adapters' wire codecs, mostly for those that translate our model to a server's
 * own format (Ollama native, Anthropic): strict parsing of the JSON texts a caller hands us (tool
 * arguments, schemas, which these servers want as objects), parsing of server records with a typed
 * failure, the two exceptions a codec raises, and token counts. Every failure names where it
 * happened. Stateless and thread-safe.
 */
public final class WireJson {
    private static final int EXCERPT = 120;

    private WireJson() {
    }

    /**
     * Parses a caller-given JSON text that must be an object (tool arguments, a JSON Schema).
     *
     * @param provider the provider name, for the exception
     * @param json the text
     * @param where what the text is, for the message ({@code "messages[2].tool_calls[0] (f) arguments"})
     * @throws InvalidRequestException naming {@code where} when the text is not a JSON object
     */
    public static ObjectNode parseObject(String provider, String json, String where) {
        JsonNode node;
        try {
            node = Json.parse(json);
        } catch (JacksonException e) {
            throw invalidRequest(provider, where + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw invalidRequest(provider, where + " must be a JSON object, got: " + Excerpts.of(json, EXCERPT));
        }
        return (ObjectNode) node;
    }

    /**
     * Parses a server's JSON record (an SSE event's data, a body).
     *
     * @param what the record, for the message ({@code "Anthropic stream event 'message_start' data"})
     * @throws MalformedResponseException naming {@code what} when the text is not a JSON object
     */
    public static JsonNode parseRecord(String provider, Redactor redactor, String json, String what) {
        JsonNode node;
        try {
            node = Json.parse(json);
        } catch (JacksonException e) {
            throw malformed(provider, redactor, what + " is not valid JSON: " + Excerpts.of(json, EXCERPT), e);
        }
        if (node == null || !node.isObject()) {
            throw malformed(provider, redactor, what + " is not a JSON object: " + Excerpts.of(json, EXCERPT), null);
        }
        return node;
    }

    /** A request the adapter cannot translate: the caller must change it (no HTTP status: nothing was sent). */
    public static InvalidRequestException invalidRequest(String provider, String message) {
        return new InvalidRequestException(provider, ProviderError.of(0, message), message, null);
    }

    /**
     * A server answer (status 200) the adapter cannot read; {@code message} may quote the server, so
     * it goes through the provider's redactor.
     */
    public static MalformedResponseException malformed(String provider, Redactor redactor, String message, Throwable cause) {
        String safe = redactor.redact(message);
        return new MalformedResponseException(provider, ProviderError.of(200, safe), safe, cause);
    }

    /** A short excerpt of a JSON value, for messages about a record that has the wrong shape. */
    public static String excerpt(JsonNode node) {
        return Excerpts.of(Json.write(node), EXCERPT);
    }

    /** The field as a non-negative count; 0 when absent or not a number. */
    public static long count(JsonNode node, String field) {
        return Math.max(0, Json.longValue(node, field, 0));
    }

    /**
     * Splits a {@code data:<media type>;base64,<data>} URL into its media type and data.
     *
     * @return {@code [mediaType, base64]}, or empty when the URL is not a base64 data URL
     */
    public static Optional<String[]> base64DataUrl(String url) {
        if (url == null || !url.regionMatches(true, 0, "data:", 0, 5)) {
            return Optional.empty();
        }
        int comma = url.indexOf(',');
        if (comma < 0 || !url.substring(0, comma).endsWith(";base64")) {
            return Optional.empty();
        }
        String mediaType = url.substring(5, comma - ";base64".length());
        return Optional.of(new String[] {mediaType.isEmpty() ? "application/octet-stream" : mediaType, url.substring(comma + 1)});
    }
}
