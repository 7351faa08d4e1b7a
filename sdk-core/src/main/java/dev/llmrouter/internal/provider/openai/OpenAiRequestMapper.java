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
import dev.llmrouter.spi.provider.ProviderType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

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

    /**
     * The request body.
     *
     * @throws InvalidRequestException when a tool schema or response schema is not valid JSON
     */
    ObjectNode body(ChatRequest request, boolean stream) {
        ObjectNode body = Json.object();
        body.put("model", request.model());
        ArrayNode messages = body.putArray("messages");
        request.messages().forEach(m -> messages.add(message(m)));
        request.temperature().ifPresent(v -> body.put("temperature", v));
        request.topP().ifPresent(v -> body.put("top_p", v));
        request.maxTokens().ifPresent(v -> body.put(type == ProviderType.OPENAI ? "max_completion_tokens" : "max_tokens", v));
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stop().forEach(stop::add);
        }
        request.seed().ifPresent(v -> body.put("seed", v));
        request.presencePenalty().ifPresent(v -> body.put("presence_penalty", v));
        request.frequencyPenalty().ifPresent(v -> body.put("frequency_penalty", v));
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            request.tools().forEach(t -> tools.add(tool(t)));
        }
        request.toolChoice().ifPresent(c -> body.set("tool_choice", toolChoice(c)));
        request.parallelToolCalls().ifPresent(v -> body.put("parallel_tool_calls", v));
        request.responseFormat().ifPresent(f -> body.set("response_format", responseFormat(f)));
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    private ObjectNode message(ChatMessage m) {
        ObjectNode out = Json.object();
        out.put("role", m.role() == Role.DEVELOPER && type != ProviderType.OPENAI ? "system" : m.role().wireName());
        if (m.content().isEmpty() && !m.toolCalls().isEmpty()) {
            out.putNull("content");
        } else if (m.isTextOnly()) {
            out.put("content", m.text());
        } else {
            ArrayNode parts = out.putArray("content");
            for (ContentPart p : m.content()) {
                parts.add(part(p));
            }
        }
        if (!m.toolCalls().isEmpty()) {
            ArrayNode calls = out.putArray("tool_calls");
            for (ToolCall c : m.toolCalls()) {
                ObjectNode call = calls.addObject();
                call.put("id", c.id());
                call.put("type", "function");
                ObjectNode fn = call.putObject("function");
                fn.put("name", c.name());
                // a JSON string, as the model wrote it; servers want text here, not an object
                fn.put("arguments", c.argumentsJson());
            }
        }
        m.toolCallId().ifPresent(id -> out.put("tool_call_id", id));
        if (m.role() != Role.TOOL) {
            m.name().ifPresent(n -> out.put("name", n));
        }
        return out;
    }

    private static ObjectNode part(ContentPart p) {
        ObjectNode out = Json.object();
        if (p instanceof ContentPart.Text t) {
            out.put("type", "text");
            out.put("text", t.text());
        } else if (p instanceof ContentPart.Image i) {
            out.put("type", "image_url");
            ObjectNode url = out.putObject("image_url");
            url.put("url", i.asUrl());
            if (i.detail() != null) {
                url.put("detail", i.detail());
            }
        }
        return out;
    }

    private ObjectNode tool(ToolDefinition t) {
        ObjectNode out = Json.object();
        out.put("type", "function");
        ObjectNode fn = out.putObject("function");
        fn.put("name", t.name());
        if (!t.description().isEmpty()) {
            fn.put("description", t.description());
        }
        fn.set("parameters", parse(t.parametersJson(), "the parameters schema of tool '" + t.name() + "'"));
        if (t.strict() != null) {
            fn.put("strict", t.strict());
        }
        return out;
    }

    private static JsonNode toolChoice(ToolChoice c) {
        if (c.functionName().isEmpty()) {
            return Json.MAPPER.getNodeFactory().stringNode(c.mode());
        }
        ObjectNode out = Json.object();
        out.put("type", "function");
        out.putObject("function").put("name", c.functionName().get());
        return out;
    }

    private ObjectNode responseFormat(ResponseFormat f) {
        ObjectNode out = Json.object();
        out.put("type", f.type());
        if ("json_schema".equals(f.type())) {
            ObjectNode schema = out.putObject("json_schema");
            schema.put("name", f.schemaName().orElseThrow());
            schema.set("schema", parse(f.schemaJson().orElseThrow(), "the response_format schema '" + f.schemaName().get() + "'"));
            f.strict().ifPresent(s -> schema.put("strict", s));
        }
        return out;
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
