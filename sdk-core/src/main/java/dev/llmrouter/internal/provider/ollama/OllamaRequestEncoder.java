package dev.llmrouter.internal.provider.ollama;

import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ContentPart;
import dev.llmrouter.api.ResponseFormat;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.ToolDefinition;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.internal.adapter.WireJson;
import dev.llmrouter.internal.http.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates a {@link ChatRequest} into the body of Ollama's {@code POST /api/chat}.
 *
 * <p>Choices where the shapes differ: system and developer messages both become {@code system};
 * images must be base64 (a {@code data:} URL is unpacked, a remote URL is refused, as Ollama
 * cannot fetch images); tool-call arguments go out as JSON objects; a tool result names its tool
 * with {@code tool_name}, taken from the assistant call it answers, else from the message name.
 * Ollama has no {@code tool_choice}: {@code none} sends no tools, a named function sends only
 * that tool, {@code auto} and {@code required} send them all. {@code stream} is always written
 * because Ollama streams by default. Stateless and thread-safe.
 */
final class OllamaRequestEncoder {
    private final ProviderConfig config;

    OllamaRequestEncoder(ProviderConfig config) {
        this.config = config;
    }

    /**
     * The {@code /api/chat} body.
     *
     * @throws dev.llmrouter.api.InvalidRequestException when the request cannot be expressed (an image
     *         by remote URL, tool arguments or a schema that are not JSON objects)
     */
    ObjectNode encode(ChatRequest request, boolean stream) {
        return encode(request, request.model(), stream);
    }

    /** As {@link #encode(ChatRequest, boolean)}, with {@code model} as the model name. */
    ObjectNode encode(ChatRequest request, String model, boolean stream) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", model);
        body.set("messages", messages(request.messages()));
        ArrayNode tools = tools(request);
        if (!tools.isEmpty()) {
            body.set("tools", tools);
        }
        request.responseFormat().ifPresent(f -> putFormat(body, f));
        ObjectNode options = options(request);
        if (!options.isEmpty()) {
            body.set("options", options);
        }
        body.put("stream", stream);
        config.keepAlive().ifPresent(k -> putKeepAlive(body, k));
        return body;
    }

    private ArrayNode messages(List<ChatMessage> messages) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        Map<String, String> callNames = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            ObjectNode node = out.addObject();
            node.put("role", m.role() == Role.DEVELOPER ? "system" : m.role().wireName());
            node.put("content", m.text());
            ArrayNode images = images(m, i);
            if (!images.isEmpty()) {
                node.set("images", images);
            }
            if (!m.toolCalls().isEmpty()) {
                node.set("tool_calls", toolCalls(m.toolCalls(), i, callNames));
            }
            if (m.role() == Role.TOOL) {
                String name = m.toolCallId().map(callNames::get).or(m::name).orElse(null);
                if (name != null) {
                    node.put("tool_name", name);
                }
            }
        }
        return out;
    }

    private ArrayNode images(ChatMessage m, int index) {
        ArrayNode images = Json.MAPPER.createArrayNode();
        for (ContentPart p : m.content()) {
            if (p instanceof ContentPart.Image img) {
                if (img.base64Data() != null) {
                    images.add(img.base64Data());
                } else {
                    String[] data = WireJson.base64DataUrl(img.url()).orElseThrow(() -> WireJson.invalidRequest(config.name(),
                            "messages[" + index + "] has an image given by URL; Ollama accepts only base64 image data"
                                    + " (use ContentPart.imageBase64 or a data: URL)"));
                    images.add(data[1]);
                }
            }
        }
        return images;
    }

    private ArrayNode toolCalls(List<ToolCall> calls, int index, Map<String, String> callNames) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (int j = 0; j < calls.size(); j++) {
            ToolCall c = calls.get(j);
            callNames.put(c.id(), c.name());
            ObjectNode fn = out.addObject().putObject("function");
            fn.put("name", c.name());
            fn.set("arguments", WireJson.parseObject(config.name(), c.argumentsJson(),
                    "messages[" + index + "].tool_calls[" + j + "] (" + c.name() + ") arguments"));
        }
        return out;
    }

    private ArrayNode tools(ChatRequest request) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        Optional<ToolChoice> choice = request.toolChoice();
        if (choice.filter(ToolChoice.NONE::equals).isPresent()) {
            return out;
        }
        Optional<String> only = choice.flatMap(ToolChoice::functionName);
        for (ToolDefinition t : request.tools()) {
            if (only.isPresent() && !only.get().equals(t.name())) {
                continue;
            }
            ObjectNode fn = out.addObject().put("type", "function").putObject("function");
            fn.put("name", t.name());
            fn.put("description", t.description());
            fn.set("parameters", WireJson.parseObject(config.name(), t.parametersJson(), "tool '" + t.name() + "' parameters schema"));
        }
        if (only.isPresent() && out.isEmpty()) {
            throw WireJson.invalidRequest(config.name(), "tool_choice names function '" + only.get() + "' but no tool of that name is given");
        }
        return out;
    }

    private void putFormat(ObjectNode body, ResponseFormat f) {
        if (f.type().equals("json_object")) {
            body.put("format", "json");
        } else if (f.type().equals("json_schema")) {
            body.set("format", WireJson.parseObject(config.name(), f.schemaJson().orElseThrow(),
                    "response_format schema '" + f.schemaName().orElse("") + "'"));
        }
    }

    private ObjectNode options(ChatRequest request) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        config.numCtx().ifPresent(n -> o.put("num_ctx", n));
        request.maxTokens().ifPresent(n -> o.put("num_predict", n));
        request.temperature().ifPresent(t -> o.put("temperature", t));
        request.topP().ifPresent(p -> o.put("top_p", p));
        request.presencePenalty().ifPresent(p -> o.put("presence_penalty", p));
        request.frequencyPenalty().ifPresent(p -> o.put("frequency_penalty", p));
        if (!request.stop().isEmpty()) {
            ArrayNode stop = o.putArray("stop");
            request.stop().forEach(stop::add);
        }
        request.seed().ifPresent(s -> o.put("seed", s));
        return o;
    }

    /** Ollama reads a bare number as seconds but rejects a unitless string such as "300", so digits go out as a number. */
    private static void putKeepAlive(ObjectNode body, String keepAlive) {
        String k = keepAlive.trim();
        if (k.matches("-?\\d{1,18}")) {
            body.put("keep_alive", Long.parseLong(k));
        } else {
            body.put("keep_alive", k);
        }
    }
}
