package dev.llmrouter.internal.provider.openai;

import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ContentPart;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.ResponseFormat;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.ToolDefinition;
import dev.llmrouter.internal.http.Json;
import dev.llmrouter.internal.http.JsonBytes;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import okhttp3.RequestBody;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.databind.JsonNode;

/**
 * Builds the chat completions request body (WIRE.md section 1) with the per-type differences:
 * {@code developer} is sent only to OpenAI ({@code system} elsewhere); the output limit is
 * {@code max_completion_tokens} for OpenAI and {@code max_tokens} for the others (Ollama's /v1,
 * reached as {@code openai_compatible}, ignores {@code max_completion_tokens}). Stateless and
 * thread-safe.
 */
final class OpenAiRequestMapper {
    private final ProviderType type;
    private final String provider;

    OpenAiRequestMapper(ProviderType type, String provider) {
        this.type = type;
        this.provider = provider;
    }

    /** The request body for {@code request} as it is, {@code model} included, as bytes. */
    byte[] body(ChatRequest request, boolean stream) {
        return write(request, request.model(), stream).toByteArray();
    }

    /**
     * The request body with {@code model} as the model name, written straight to UTF-8 bytes (no
     * tree, no string of the whole body, no copy of the bytes).
     *
     * @throws InvalidRequestException when a tool schema or response schema is not valid JSON
     */
    RequestBody requestBody(ChatRequest request, String model, boolean stream) {
        return write(request, model, stream).toRequestBody();
    }

    private JsonBytes write(ChatRequest request, String model, boolean stream) {
        // schemas are checked before anything is written, so a bad one fails the same way as before
        List<JsonNode> schemas = schemas(request);
        JsonBytes out = new JsonBytes(sizeHint(request, model));
        // a generator of the mapper (which can write trees) only for schemas; else straight from the factory
        try (JsonGenerator g = schemas.isEmpty() ? Json.MAPPER.tokenStreamFactory().createGenerator(ObjectWriteContext.empty(), out)
                : Json.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringProperty("model", model);
            g.writeName("messages");
            g.writeStartArray();
            for (ChatMessage m : request.messages()) {
                message(g, m);
            }
            g.writeEndArray();
            OptionalDouble temperature = request.temperature();
            if (temperature.isPresent()) {
                g.writeNumberProperty("temperature", temperature.getAsDouble());
            }
            OptionalDouble topP = request.topP();
            if (topP.isPresent()) {
                g.writeNumberProperty("top_p", topP.getAsDouble());
            }
            OptionalInt maxTokens = request.maxTokens();
            if (maxTokens.isPresent()) {
                g.writeNumberProperty(type == ProviderType.OPENAI ? "max_completion_tokens" : "max_tokens", maxTokens.getAsInt());
            }
            if (!request.stop().isEmpty()) {
                g.writeName("stop");
                g.writeStartArray();
                for (String s : request.stop()) {
                    g.writeString(s);
                }
                g.writeEndArray();
            }
            request.seed().ifPresent(v -> g.writeNumberProperty("seed", v));
            request.presencePenalty().ifPresent(v -> g.writeNumberProperty("presence_penalty", v));
            request.frequencyPenalty().ifPresent(v -> g.writeNumberProperty("frequency_penalty", v));
            int schema = 0;
            if (!request.tools().isEmpty()) {
                g.writeName("tools");
                g.writeStartArray();
                for (ToolDefinition t : request.tools()) {
                    tool(g, t, schemas.get(schema++));
                }
                g.writeEndArray();
            }
            request.toolChoice().ifPresent(c -> toolChoice(g, c));
            request.parallelToolCalls().ifPresent(v -> g.writeBooleanProperty("parallel_tool_calls", v));
            if (request.responseFormat().isPresent()) {
                responseFormat(g, request.responseFormat().get(), schema < schemas.size() ? schemas.get(schema) : null);
            }
            if (stream) {
                g.writeBooleanProperty("stream", true);
                g.writeName("stream_options");
                g.writeStartObject();
                g.writeBooleanProperty("include_usage", true);
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        return out;
    }

    /** About the body's size for a request of text messages, so the buffer seldom grows. */
    private static int sizeHint(ChatRequest request, String model) {
        int n = 64 + model.length();
        for (ChatMessage m : request.messages()) {
            n += 32 + (m.isTextOnly() ? m.text().length() : 256);
        }
        return Math.min(n, 1 << 20);
    }

    /** The parsed tool parameter schemas, in order, then the response format's schema when it has one. */
    private List<JsonNode> schemas(ChatRequest request) {
        if (request.tools().isEmpty() && request.responseFormat().isEmpty()) {
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>(request.tools().size() + 1);
        for (ToolDefinition t : request.tools()) {
            out.add(parse(t.parametersJson(), "the parameters schema of tool '" + t.name() + "'"));
        }
        request.responseFormat().filter(f -> "json_schema".equals(f.type())).ifPresent(f ->
                out.add(parse(f.schemaJson().orElseThrow(), "the response_format schema '" + f.schemaName().get() + "'")));
        return out;
    }

    private void message(JsonGenerator g, ChatMessage m) {
        g.writeStartObject();
        g.writeStringProperty("role", m.role() == Role.DEVELOPER && type != ProviderType.OPENAI ? "system" : m.role().wireName());
        if (m.content().isEmpty() && !m.toolCalls().isEmpty()) {
            g.writeNullProperty("content");
        } else if (m.isTextOnly()) {
            g.writeStringProperty("content", m.text());
        } else {
            g.writeName("content");
            g.writeStartArray();
            for (ContentPart p : m.content()) {
                part(g, p);
            }
            g.writeEndArray();
        }
        if (!m.toolCalls().isEmpty()) {
            g.writeName("tool_calls");
            g.writeStartArray();
            for (ToolCall c : m.toolCalls()) {
                g.writeStartObject();
                g.writeStringProperty("id", c.id());
                g.writeStringProperty("type", "function");
                g.writeName("function");
                g.writeStartObject();
                g.writeStringProperty("name", c.name());
                // a JSON string, as the model wrote it; servers want text here, not an object
                g.writeStringProperty("arguments", c.argumentsJson());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        m.toolCallId().ifPresent(id -> g.writeStringProperty("tool_call_id", id));
        if (m.role() != Role.TOOL) {
            m.name().ifPresent(n -> g.writeStringProperty("name", n));
        }
        g.writeEndObject();
    }

    private static void part(JsonGenerator g, ContentPart p) {
        g.writeStartObject();
        if (p instanceof ContentPart.Text t) {
            g.writeStringProperty("type", "text");
            g.writeStringProperty("text", t.text());
        } else if (p instanceof ContentPart.Image i) {
            g.writeStringProperty("type", "image_url");
            g.writeName("image_url");
            g.writeStartObject();
            g.writeStringProperty("url", i.asUrl());
            if (i.detail() != null) {
                g.writeStringProperty("detail", i.detail());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void tool(JsonGenerator g, ToolDefinition t, JsonNode parameters) {
        g.writeStartObject();
        g.writeStringProperty("type", "function");
        g.writeName("function");
        g.writeStartObject();
        g.writeStringProperty("name", t.name());
        if (!t.description().isEmpty()) {
            g.writeStringProperty("description", t.description());
        }
        g.writeName("parameters");
        g.writeTree(parameters);
        if (t.strict() != null) {
            g.writeBooleanProperty("strict", t.strict());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void toolChoice(JsonGenerator g, ToolChoice c) {
        if (c.functionName().isEmpty()) {
            g.writeStringProperty("tool_choice", c.mode());
            return;
        }
        g.writeName("tool_choice");
        g.writeStartObject();
        g.writeStringProperty("type", "function");
        g.writeName("function");
        g.writeStartObject();
        g.writeStringProperty("name", c.functionName().get());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void responseFormat(JsonGenerator g, ResponseFormat f, JsonNode schema) {
        g.writeName("response_format");
        g.writeStartObject();
        g.writeStringProperty("type", f.type());
        if ("json_schema".equals(f.type())) {
            g.writeName("json_schema");
            g.writeStartObject();
            g.writeStringProperty("name", f.schemaName().orElseThrow());
            g.writeName("schema");
            g.writeTree(schema);
            f.strict().ifPresent(s -> g.writeBooleanProperty("strict", s));
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private JsonNode parse(String json, String what) {
        try {
            JsonNode node = Json.parse(json);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JacksonException e) {
            String msg = what + " is not valid JSON: " + e.getOriginalMessage();
            throw new InvalidRequestException(provider, ProviderError.of(0, msg), msg, e);
        }
        String msg = what + " must be a JSON object";
        throw new InvalidRequestException(provider, ProviderError.of(0, msg), msg, null);
    }
}
