package dev.llmrouter.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The shape of the answer: free text, any JSON object, or JSON matching a schema. Immutable and
 * thread-safe.
 */
public final class ResponseFormat {
    /** Free text (the default). */
    public static final ResponseFormat TEXT = new ResponseFormat("text", null, null, null);
    /** Any valid JSON object. */
    public static final ResponseFormat JSON_OBJECT = new ResponseFormat("json_object", null, null, null);

    private final String type;
    private final String schemaName;
    private final String schemaJson;
    private final Boolean strict;

    private ResponseFormat(String type, String schemaName, String schemaJson, Boolean strict) {
        this.type = type;
        this.schemaName = schemaName;
        this.schemaJson = schemaJson;
        this.strict = strict;
    }

    /** JSON matching {@code schemaJson} (a JSON Schema as text), under the given schema name. */
    public static ResponseFormat jsonSchema(String name, String schemaJson, Boolean strict) {
        return new ResponseFormat("json_schema", Objects.requireNonNull(name, "name"),
                Objects.requireNonNull(schemaJson, "schemaJson"), strict);
    }

    /** {@code text}, {@code json_object} or {@code json_schema}. */
    public String type() {
        return type;
    }

    /** The schema name, for {@code json_schema}. */
    public Optional<String> schemaName() {
        return Optional.ofNullable(schemaName);
    }

    /** The JSON Schema text, for {@code json_schema}. */
    public Optional<String> schemaJson() {
        return Optional.ofNullable(schemaJson);
    }

    /** The strict flag, for {@code json_schema}; empty leaves it to the server. */
    public Optional<Boolean> strict() {
        return Optional.ofNullable(strict);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseFormat r && r.type.equals(type) && Objects.equals(r.schemaName, schemaName)
                && Objects.equals(r.schemaJson, schemaJson) && Objects.equals(r.strict, strict);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, schemaName, schemaJson, strict);
    }

    @Override
    public String toString() {
        return schemaName == null ? type : type + "(" + schemaName + ")";
    }
}
