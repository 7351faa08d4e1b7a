package dev.llmrouter.internal.provider.openai;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.ToolCallDelta;
import dev.llmrouter.api.Usage;
import dev.llmrouter.internal.adapter.WireJson;
import dev.llmrouter.internal.http.HttpTransport;
import dev.llmrouter.internal.http.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads chat completion responses and stream chunks (WIRE.md section 1): text, tool calls (with
 * {@code arguments} as a JSON string, or an object from lenient servers), finish reason, usage with
 * OpenAI's {@code prompt_tokens_details.cached_tokens} or DeepSeek's {@code prompt_cache_hit_tokens}.
 * Stateless and thread-safe.
 */
final class OpenAiResponseMapper {
    private final HttpTransport http;

    OpenAiResponseMapper(HttpTransport http) {
        this.http = http;
    }

    /**
     * A whole response.
     *
     * @throws dev.llmrouter.api.MalformedResponseException when it has no choice or message
     * @throws ContentPolicyException when the content filter stopped it before any content
     */
    ChatResponse response(JsonNode root, String requestId) {
        JsonNode choice = firstChoice(root);
        JsonNode message = choice == null ? null : Json.objectField(choice, "message");
        if (message == null) {
            throw http.malformed("the response has no choices[0].message", Json.write(root), requestId, null);
        }
        String text = content(message.get("content"));
        List<ToolCall> calls = new ArrayList<>();
        JsonNode toolCalls = message.get("tool_calls");
        if (toolCalls != null && toolCalls.isArray()) {
            int i = 0;
            for (JsonNode c : toolCalls) {
                JsonNode fn = Json.objectField(c, "function");
                String name = Json.text(fn, "name");
                if (name == null) {
                    throw http.malformed("a tool call has no function name", Json.write(c), requestId, null);
                }
                String id = Json.text(c, "id");
                calls.add(new ToolCall(id == null ? "call_" + i : id, name, arguments(fn)));
                i++;
            }
        }
        String finish = Json.text(choice, "finish_reason");
        if (FinishReason.fromWire(finish) == FinishReason.CONTENT_FILTER && text.isEmpty() && calls.isEmpty()) {
            throw contentFiltered(requestId);
        }
        ChatMessage msg = calls.isEmpty() ? ChatMessage.assistant(text) : ChatMessage.assistantToolCalls(text, calls);
        return ChatResponse.builder().id(Json.text(root, "id")).model(Json.text(root, "model")).message(msg)
                .rawFinishReason(finish).usage(usage(root.get("usage"))).providerRequestId(requestId).build();
    }

    /** One stream chunk; null fields become empty values. The usage-only last chunk has no choices. */
    ChatChunk chunk(JsonNode root) {
        JsonNode choice = firstChoice(root);
        JsonNode delta = choice == null ? null : Json.objectField(choice, "delta");
        String text = delta == null ? "" : content(delta.get("content"));
        List<ToolCallDelta> calls = new ArrayList<>();
        JsonNode toolCalls = delta == null ? null : delta.get("tool_calls");
        if (toolCalls != null && toolCalls.isArray()) {
            int position = 0;
            for (JsonNode c : toolCalls) {
                JsonNode fn = Json.objectField(c, "function");
                // only index is required; Ollama's /v1 sends whole calls and may omit it
                int index = (int) Json.longValue(c, "index", position);
                JsonNode args = fn == null ? null : fn.get("arguments");
                String fragment = args == null || args.isNull() ? "" : args.isString() ? args.stringValue() : Json.write(args);
                calls.add(new ToolCallDelta(index, Json.text(c, "id"), Json.text(fn, "name"), fragment));
                position++;
            }
        }
        JsonNode usage = root.get("usage");
        return ChatChunk.builder().id(Json.text(root, "id")).model(Json.text(root, "model")).text(text)
                .toolCalls(calls).rawFinishReason(Json.text(choice, "finish_reason"))
                .usage(usage != null && usage.isObject() ? usage(usage) : null).build();
    }

    /** The exception for an answer the content filter removed entirely. */
    ContentPolicyException contentFiltered(String requestId) {
        String msg = "the provider's content filter stopped the answer (finish_reason content_filter)";
        return new ContentPolicyException(http.provider(), ProviderError.builder(200).code("content_filter")
                .message(msg).requestId(requestId).build(),
                msg, null);
    }

    static Usage usage(JsonNode u) {
        if (u == null || !u.isObject()) {
            return Usage.EMPTY;
        }
        long prompt = WireJson.count(u, "prompt_tokens");
        long completion = WireJson.count(u, "completion_tokens");
        long total = WireJson.count(u, "total_tokens");
        long cached = Json.longValue(Json.objectField(u, "prompt_tokens_details"), "cached_tokens", 0);
        if (cached <= 0) {
            cached = Json.longValue(u, "prompt_cache_hit_tokens", 0);
        }
        return new Usage(prompt, completion, total, Math.max(0, cached));
    }

    private static JsonNode firstChoice(JsonNode root) {
        JsonNode choices = root.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            return null;
        }
        JsonNode first = choices.get(0);
        return first.isObject() ? first : null;
    }

    /** Content as a string, or the text parts of a content array joined; "" for null. */
    private static String content(JsonNode c) {
        if (c == null || c.isNull()) {
            return "";
        }
        if (c.isString()) {
            return c.stringValue();
        }
        if (c.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode p : c) {
                String t = Json.text(p, "text");
                if (t != null) {
                    sb.append(t);
                }
            }
            return sb.toString();
        }
        return c.asString();
    }

    private static String arguments(JsonNode fn) {
        JsonNode args = fn.get("arguments");
        if (args == null || args.isNull()) {
            return "{}";
        }
        return args.isString() ? args.stringValue() : Json.write(args);
    }
}
