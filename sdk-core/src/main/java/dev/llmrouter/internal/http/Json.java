package dev.llmrouter.internal.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one Jackson 3 {@link JsonMapper} all adapters share, plus lenient accessors for the loosely
 * typed JSON servers send (a code that is a string on one server and an integer on another).
 * Thread-safe: the mapper is immutable once built.
 */
public final class Json {
    /**
     * The shared mapper with Jackson's defaults (trees only; no polymorphic typing), except for its
     * buffer recyclers, which come from a pool that neither contends nor allocates per call
     * ({@link StripedRecyclerPool}).
     */
    public static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .recyclerPool(StripedRecyclerPool.INSTANCE).build()).build();

    private Json() {
    }

    /** A new empty JSON object. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Parses JSON text.
     *
     * @throws tools.jackson.core.JacksonException when the text is not JSON
     */
    public static JsonNode parse(String text) {
        return MAPPER.readTree(text);
    }

    /**
     * Parses JSON bytes (UTF-8). Bytes that are not valid UTF-8 are read with each bad sequence as
     * U+FFFD, as streams are: a server's encoding slip must not fail a whole answer (and count
     * against its circuit) when the same text streamed would pass.
     *
     * @throws tools.jackson.core.JacksonException when the bytes are not JSON
     */
    public static JsonNode parse(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            if (isUtf8(bytes)) {
                throw e;
            }
            // only on this failure path: valid answers are parsed straight from their bytes
            return MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Serialises a tree to compact JSON text. */
    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /**
     * The field as text: a string as is, a number or boolean in its JSON spelling; null when the
     * field is missing, null, or an object or array.
     */
    public static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isMissingNode() || v.isContainer()) {
            return null;
        }
        return v.isString() ? v.stringValue() : v.asString();
    }

    /** The field as a long: a number, or a string holding one; {@code fallback} otherwise. */
    public static long longValue(JsonNode node, String field, long fallback) {
        if (node == null) {
            return fallback;
        }
        JsonNode v = node.get(field);
        if (v == null) {
            return fallback;
        }
        if (v.isNumber()) {
            return v.longValue();
        }
        if (v.isString()) {
            try {
                return Long.parseLong(v.stringValue().trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    /** The field when it is a JSON object, else null. */
    public static JsonNode objectField(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        return v != null && v.isObject() ? v : null;
    }
}
