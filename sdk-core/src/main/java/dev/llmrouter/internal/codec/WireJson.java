package dev.llmrouter.internal.codec;

import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.api.ProviderError;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON helpers shared by the wire codecs of the native adapters (Ollama, Anthropic): one mapper,
 * lenient field readers for server answers, and strict parsing of the JSON texts a caller hands us
 * (tool arguments, schemas), each failure named with where it happened. Stateless and thread-safe.
 */
public final class WireJson {
    /** The mapper for wire bodies; Jackson mappers are thread-safe once built. */
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private WireJson() {
    }

    /**
     * Parses a caller-given JSON text that must be an object (tool arguments, a JSON Schema).
     *
     * @param provider the provider name, for the exception
     * @param json the text
     * @param where what the text is, for the message ({@code "messages[2].tool_calls[0] arguments"})
     * @throws InvalidRequestException naming {@code where} when the text is not a JSON object
     */
    public static ObjectNode parseObject(String provider, String json, String where) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw invalidRequest(provider, where + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw invalidRequest(provider, where + " must be a JSON object, got: " + abbreviate(json));
        }
        return (ObjectNode) node;
    }

    /**
     * Parses a server's JSON text (a body, an NDJSON line, an SSE data field).
     *
     * @throws MalformedResponseException naming {@code what} when the text is not a JSON object
     */
    public static JsonNode parseResponse(String provider, String json, String what) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw malformed(provider, what + " is not valid JSON (" + e.getOriginalMessage() + "): " + abbreviate(json), e);
        }
        if (node == null || !node.isObject()) {
            throw malformed(provider, what + " is not a JSON object: " + abbreviate(json), null);
        }
        return node;
    }

    /** A request the adapter cannot translate: the caller must change it. */
    public static InvalidRequestException invalidRequest(String provider, String message) {
        return new InvalidRequestException(provider, ProviderError.of(0, message), message, null);
    }

    /** A server answer the adapter cannot read (it arrived with status 200). */
    public static MalformedResponseException malformed(String provider, String message, Throwable cause) {
        return new MalformedResponseException(provider, ProviderError.of(200, message), message, cause);
    }

    /** The field as text when it is a JSON string, else null (absent, null, or another type). */
    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }

    /** The field as a non-negative count, 0 when absent or not a number. */
    public static long count(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isNumber() ? Math.max(0, v.asLong()) : 0;
    }

    /** The value as compact JSON text. */
    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
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
        if (comma < 0) {
            return Optional.empty();
        }
        String header = url.substring(5, comma);
        if (!header.endsWith(";base64")) {
            return Optional.empty();
        }
        String mediaType = header.substring(0, header.length() - ";base64".length());
        return Optional.of(new String[] {mediaType.isEmpty() ? "application/octet-stream" : mediaType, url.substring(comma + 1)});
    }

    /** The text cut to 200 characters, for messages about bad input. */
    public static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
