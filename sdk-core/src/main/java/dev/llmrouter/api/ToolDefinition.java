package dev.llmrouter.api;

import java.util.Objects;

/**
 * A function the model may call. {@code parametersJson} is a JSON Schema object as text; it is sent
 * as given (parsed to an object for servers that want one). Immutable and thread-safe. A record: a
 * fixed shape, OpenAI's function definition (name, description, parameters, strict).
 *
 * @param name the function name
 * @param description what the function does, for the model; may be empty
 * @param parametersJson the JSON Schema of the arguments, as JSON text; {@code {"type":"object"}} when null
 * @param strict OpenAI's strict schema adherence flag; null leaves it to the server
 */
public record ToolDefinition(String name, String description, String parametersJson, Boolean strict) {
    /** @throws NullPointerException when the name is null */
    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        parametersJson = parametersJson == null || parametersJson.isBlank() ? "{\"type\":\"object\",\"properties\":{}}" : parametersJson;
    }

    /** A function tool with no strict flag. */
    public static ToolDefinition function(String name, String description, String parametersJson) {
        return new ToolDefinition(name, description, parametersJson, null);
    }
}
