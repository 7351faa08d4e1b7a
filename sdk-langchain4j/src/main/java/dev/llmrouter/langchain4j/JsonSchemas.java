package dev.llmrouter.langchain4j;

import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes LangChain4j's JSON Schema elements as JSON Schema text, the form llmrouter's tool
 * definitions and response formats carry. Every element type of LangChain4j 1.19 is written with
 * all its fields (description, properties, required, additionalProperties, {@code $defs}, items,
 * enum values, anyOf, {@code $ref} to {@code #/$defs/NAME}); a raw schema is embedded as given.
 * Stateless and thread-safe.
 */
final class JsonSchemas {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonSchemas() {
    }

    /**
     * The schema as JSON text.
     *
     * @throws IllegalArgumentException for a raw schema that is not valid JSON, or an element type
     *         this module does not know (a LangChain4j version newer than 1.19)
     */
    static String toJson(JsonSchemaElement element) {
        return JSON.writeValueAsString(node(element));
    }

    private static JsonNode node(JsonSchemaElement element) {
        if (element instanceof JsonObjectSchema o) {
            ObjectNode n = typed("object", o.description());
            ObjectNode properties = n.putObject("properties");
            o.properties().forEach((name, value) -> properties.set(name, node(value)));
            if (o.required() != null && !o.required().isEmpty()) {
                ArrayNode required = n.putArray("required");
                o.required().forEach(required::add);
            }
            if (o.additionalProperties() != null) {
                n.put("additionalProperties", o.additionalProperties().booleanValue());
            }
            if (o.definitions() != null && !o.definitions().isEmpty()) {
                ObjectNode defs = n.putObject("$defs");
                for (Map.Entry<String, JsonSchemaElement> d : o.definitions().entrySet()) {
                    defs.set(d.getKey(), node(d.getValue()));
                }
            }
            return n;
        }
        if (element instanceof JsonArraySchema a) {
            ObjectNode n = typed("array", a.description());
            n.set("items", a.items() == null ? NODES.objectNode() : node(a.items()));
            return n;
        }
        if (element instanceof JsonEnumSchema e) {
            ObjectNode n = typed("string", e.description());
            ArrayNode values = n.putArray("enum");
            e.enumValues().forEach(values::add);
            return n;
        }
        if (element instanceof JsonAnyOfSchema any) {
            ObjectNode n = NODES.objectNode();
            if (any.description() != null) {
                n.put("description", any.description());
            }
            ArrayNode anyOf = n.putArray("anyOf");
            any.anyOf().forEach(x -> anyOf.add(node(x)));
            return n;
        }
        if (element instanceof JsonReferenceSchema r) {
            ObjectNode n = NODES.objectNode();
            if (r.reference() != null) {
                n.put("$ref", "#/$defs/" + r.reference());
            }
            return n;
        }
        if (element instanceof JsonRawSchema raw) {
            try {
                return JSON.readTree(raw.schema());
            } catch (JacksonException e) {
                throw new IllegalArgumentException("a JsonRawSchema is not valid JSON: " + e.getOriginalMessage(), e);
            }
        }
        String scalar = element instanceof JsonStringSchema ? "string"
                : element instanceof JsonIntegerSchema ? "integer"
                : element instanceof JsonNumberSchema ? "number"
                : element instanceof JsonBooleanSchema ? "boolean"
                : element instanceof JsonNullSchema ? "null" : null;
        if (scalar == null) {
            throw new IllegalArgumentException("unknown JSON Schema element type " + element.getClass().getName()
                    + " (llmrouter-langchain4j knows the types of LangChain4j 1.19)");
        }
        return typed(scalar, element.description());
    }

    private static ObjectNode typed(String type, String description) {
        ObjectNode n = NODES.objectNode();
        n.put("type", type);
        if (description != null) {
            n.put("description", description);
        }
        return n;
    }
}
