package dev.llmrouter.internal.provider.anthropic;

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
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Translates a {@link ChatRequest} into the body of Anthropic's {@code POST /v1/messages}.
 *
 * <ul>
 *   <li>System and developer messages, wherever they stand, are hoisted into the top-level
 *       {@code system} (a string for one, text blocks for several).</li>
 *   <li>{@code max_tokens} is always sent: the request's, else the provider's default.</li>
 *   <li>Tool messages become {@code tool_result} blocks in a {@code user} message; consecutive
 *       messages of one role (after that mapping) are merged into one, as Anthropic requires
 *       user and assistant to alternate. Empty text parts are dropped (Anthropic rejects them).</li>
 *   <li>Images go as base64 sources; a {@code data:} URL is unpacked to one, other URLs go as
 *       {@code url} sources.</li>
 *   <li>Anthropic has no {@code response_format} field. We add one instruction to {@code system}
 *       asking for a bare JSON object (and, for {@code json_schema}, the schema). We chose that over
 *       forcing a tool call because it keeps the answer in the text, the same place as on every other
 *       adapter, for plain calls and streams alike; the answer is not validated against the schema.</li>
 *   <li>{@code seed} and the OpenAI penalties have no Anthropic counterpart and are not sent;
 *       {@code parallel_tool_calls=false} becomes {@code tool_choice.disable_parallel_tool_use}.</li>
 * </ul>
 * Stateless and thread-safe.
 */
final class AnthropicRequestEncoder {
    static final String JSON_OBJECT_INSTRUCTION =
            "Respond with a single valid JSON object and nothing else: no prose, no code fences.";
    static final String JSON_SCHEMA_INSTRUCTION =
            "Respond with a single valid JSON object that conforms to the JSON Schema below, and nothing else:"
                    + " no prose, no code fences. Schema: ";

    private final ProviderConfig config;

    AnthropicRequestEncoder(ProviderConfig config) {
        this.config = config;
    }

    /**
     * The {@code /v1/messages} body.
     *
     * @throws dev.llmrouter.api.InvalidRequestException when the request cannot be expressed (an image
     *         in a system message, tool arguments or a schema that are not JSON objects, a temperature above 1)
     */
    ObjectNode encode(ChatRequest request, boolean stream) {
        return encode(request, request.model(), stream);
    }

    /** As {@link #encode(ChatRequest, boolean)}, with {@code model} as the model name. */
    ObjectNode encode(ChatRequest request, String model, boolean stream) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", model);
        body.put("max_tokens", request.maxTokens().orElse(config.defaultMaxTokens()));
        List<String> system = new ArrayList<>();
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < request.messages().size(); i++) {
            ChatMessage m = request.messages().get(i);
            if (m.role() == Role.SYSTEM || m.role() == Role.DEVELOPER) {
                system.add(systemText(m, i));
            } else {
                append(turns, m.role() == Role.ASSISTANT ? "assistant" : "user", blocks(m, i));
            }
        }
        request.responseFormat().map(this::formatInstruction).ifPresent(system::add);
        putSystem(body, system);
        ArrayNode messages = body.putArray("messages");
        turns.forEach(t -> messages.add(t.toJson()));
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            request.stop().forEach(stop::add);
        }
        if (request.temperature().isPresent()) {
            double t = request.temperature().getAsDouble();
            if (t > 1) {
                throw WireJson.invalidRequest(config.name(), "temperature " + t + " is above Anthropic's maximum of 1");
            }
            body.put("temperature", t);
        }
        request.topP().ifPresent(p -> body.put("top_p", p));
        putTools(body, request);
        body.put("stream", stream);
        return body;
    }

    private String systemText(ChatMessage m, int index) {
        if (!m.isTextOnly()) {
            throw WireJson.invalidRequest(config.name(), "messages[" + index + "] is a " + m.role().wireName()
                    + " message with an image; Anthropic's system prompt takes text only");
        }
        return m.text();
    }

    private String formatInstruction(ResponseFormat f) {
        return switch (f.type()) {
            case "json_object" -> JSON_OBJECT_INSTRUCTION;
            case "json_schema" -> JSON_SCHEMA_INSTRUCTION + Json.write(WireJson.parseObject(config.name(),
                    f.schemaJson().orElseThrow(), "response_format schema '" + f.schemaName().orElse("") + "'"));
            default -> null;
        };
    }

    private static void putSystem(ObjectNode body, List<String> system) {
        system.removeIf(String::isEmpty);
        if (system.size() == 1) {
            body.put("system", system.get(0));
        } else if (system.size() > 1) {
            ArrayNode blocks = body.putArray("system");
            system.forEach(s -> blocks.addObject().put("type", "text").put("text", s));
        }
    }

    private ArrayNode blocks(ChatMessage m, int index) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        if (m.role() == Role.TOOL) {
            ObjectNode result = blocks.addObject().put("type", "tool_result").put("tool_use_id", m.toolCallId().orElseThrow());
            if (m.isTextOnly()) {
                result.put("content", m.text());
            } else {
                result.set("content", contentBlocks(m, index));
            }
            return blocks;
        }
        blocks.addAll(contentBlocks(m, index));
        for (int j = 0; j < m.toolCalls().size(); j++) {
            ToolCall c = m.toolCalls().get(j);
            blocks.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name())
                    .set("input", WireJson.parseObject(config.name(), c.argumentsJson(),
                            "messages[" + index + "].tool_calls[" + j + "] (" + c.name() + ") arguments"));
        }
        return blocks;
    }

    private ArrayNode contentBlocks(ChatMessage m, int index) {
        ArrayNode blocks = Json.MAPPER.createArrayNode();
        for (ContentPart p : m.content()) {
            if (p instanceof ContentPart.Text t) {
                if (!t.text().isEmpty()) {
                    blocks.addObject().put("type", "text").put("text", t.text());
                }
            } else if (p instanceof ContentPart.Image img) {
                blocks.addObject().put("type", "image").set("source", imageSource(img));
            }
        }
        return blocks;
    }

    private static ObjectNode imageSource(ContentPart.Image img) {
        ObjectNode source = Json.MAPPER.createObjectNode();
        String[] data = img.base64Data() != null ? new String[] {img.mediaType(), img.base64Data()}
                : WireJson.base64DataUrl(img.url()).orElse(null);
        if (data != null) {
            return source.put("type", "base64").put("media_type", data[0]).put("data", data[1]);
        }
        return source.put("type", "url").put("url", img.url());
    }

    private static void append(List<Turn> turns, String role, ArrayNode blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
        if (last != null && last.role.equals(role)) {
            last.blocks.addAll(blocks);
        } else {
            turns.add(new Turn(role, blocks));
        }
    }

    private void putTools(ObjectNode body, ChatRequest request) {
        if (request.tools().isEmpty()) {
            return;
        }
        ArrayNode tools = body.putArray("tools");
        for (ToolDefinition t : request.tools()) {
            ObjectNode tool = tools.addObject().put("name", t.name());
            if (!t.description().isEmpty()) {
                tool.put("description", t.description());
            }
            tool.set("input_schema", WireJson.parseObject(config.name(), t.parametersJson(), "tool '" + t.name() + "' parameters schema"));
        }
        ToolChoice choice = request.toolChoice().orElse(null);
        boolean noParallel = request.parallelToolCalls().filter(p -> !p).isPresent();
        if (choice == null && !noParallel) {
            return;
        }
        ObjectNode tc = body.putObject("tool_choice");
        String mode = choice == null ? "auto" : choice.mode();
        switch (mode) {
            case "none" -> tc.put("type", "none");
            case "required" -> tc.put("type", "any");
            case "function" -> tc.put("type", "tool").put("name", choice.functionName().orElseThrow());
            default -> tc.put("type", "auto");
        }
        if (noParallel && !mode.equals("none")) {
            tc.put("disable_parallel_tool_use", true);
        }
    }

    /** One message of the alternating conversation, merged from one or more of ours. */
    private static final class Turn {
        private final String role;
        private final ArrayNode blocks;

        private Turn(String role, ArrayNode blocks) {
            this.role = role;
            this.blocks = blocks;
        }

        /** A lone text block goes out as a plain string, the common and most compact form. */
        private JsonNode toJson() {
            ObjectNode node = Json.MAPPER.createObjectNode().put("role", role);
            if (blocks.size() == 1 && "text".equals(Json.text(blocks.get(0), "type"))) {
                node.put("content", Json.text(blocks.get(0), "text"));
            } else {
                node.set("content", blocks);
            }
            return node;
        }
    }
}
