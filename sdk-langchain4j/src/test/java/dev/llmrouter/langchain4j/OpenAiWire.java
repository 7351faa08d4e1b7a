package dev.llmrouter.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** OpenAI chat completion bodies and SSE streams for WireMock stubs (WIRE.md section 1), built as JSON, never by hand. */
final class OpenAiWire {
    static final String CHAT = "/v1/chat/completions";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenAiWire() {
    }

    /** A whole answer with text. */
    static ResponseDefinitionBuilder text(String model, String text) {
        ObjectNode message = NODES.objectNode().put("role", "assistant").put("content", text);
        return json(completion(model, message, "stop"));
    }

    /** A whole answer that calls one tool. */
    static ResponseDefinitionBuilder toolCall(String model, String id, String name, String arguments) {
        ObjectNode message = NODES.objectNode().put("role", "assistant");
        message.putNull("content");
        ObjectNode call = message.putArray("tool_calls").addObject().put("id", id).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", arguments);
        return json(completion(model, message, "tool_calls"));
    }

    private static ObjectNode completion(String model, ObjectNode message, String finish) {
        ObjectNode body = NODES.objectNode().put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1)
                .put("model", model);
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", finish);
        body.putObject("usage").put("prompt_tokens", 11).put("completion_tokens", 7).put("total_tokens", 18);
        return body;
    }

    private static ResponseDefinitionBuilder json(ObjectNode body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withHeader("x-request-id", "req-42")
                .withBody(JSON.writeValueAsString(body));
    }

    /** An OpenAI error answer without a code. */
    static ResponseDefinitionBuilder error(int status, String type, String message) {
        return error(status, type, null, message);
    }

    /** An OpenAI error answer. */
    static ResponseDefinitionBuilder error(int status, String type, String code, String message) {
        ObjectNode body = NODES.objectNode();
        ObjectNode error = body.putObject("error").put("message", message).put("type", type);
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(JSON.writeValueAsString(body));
    }

    /** A stream of SSE events, then {@code [DONE]}. */
    static ResponseDefinitionBuilder sse(List<String> events) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(sseBody(events) + "data: [DONE]\n\n");
    }

    /** These events and nothing after them: no finish, no {@code [DONE]} (a stream cut off). */
    static ResponseDefinitionBuilder truncatedSse(List<String> events) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(sseBody(events));
    }

    private static String sseBody(List<String> events) {
        StringBuilder sb = new StringBuilder();
        events.forEach(e -> sb.append("data: ").append(e).append("\n\n"));
        return sb.toString();
    }

    /** One chunk with a text delta. */
    static String textChunk(String model, String text) {
        ObjectNode delta = NODES.objectNode().put("content", text);
        return chunk(model, delta, null);
    }

    /** One chunk with a tool-call fragment; id and name may be null. */
    static String toolChunk(String model, int index, String id, String name, String argumentsFragment) {
        ObjectNode delta = NODES.objectNode();
        ObjectNode call = delta.putArray("tool_calls").addObject().put("index", index);
        if (id != null) {
            call.put("id", id).put("type", "function");
        }
        ObjectNode fn = call.putObject("function");
        if (name != null) {
            fn.put("name", name);
        }
        fn.put("arguments", argumentsFragment);
        return chunk(model, delta, null);
    }

    /** The chunk that carries the finish reason. */
    static String finishChunk(String model, String finish) {
        return chunk(model, NODES.objectNode(), finish);
    }

    /** The usage chunk OpenAI sends last when asked to ({@code stream_options.include_usage}). */
    static String usageChunk(String model) {
        ObjectNode body = NODES.objectNode().put("id", "chatcmpl-s").put("object", "chat.completion.chunk").put("model", model);
        body.putArray("choices");
        body.putObject("usage").put("prompt_tokens", 11).put("completion_tokens", 7).put("total_tokens", 18);
        return JSON.writeValueAsString(body);
    }

    private static String chunk(String model, ObjectNode delta, String finish) {
        ObjectNode body = NODES.objectNode().put("id", "chatcmpl-s").put("object", "chat.completion.chunk").put("model", model);
        ArrayNode choices = body.putArray("choices");
        ObjectNode choice = choices.addObject().put("index", 0);
        choice.set("delta", delta);
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        return JSON.writeValueAsString(body);
    }

    /** A whole text stream: one chunk per word, the finish, the usage. */
    static ResponseDefinitionBuilder textStream(String model, List<String> words) {
        List<String> events = new java.util.ArrayList<>();
        words.forEach(w -> events.add(textChunk(model, w)));
        events.add(finishChunk(model, "stop"));
        events.add(usageChunk(model));
        return sse(events);
    }
}
