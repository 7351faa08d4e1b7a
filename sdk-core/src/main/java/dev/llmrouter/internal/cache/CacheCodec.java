package dev.llmrouter.internal.cache;

import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentPart;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.ToolDefinition;
import dev.llmrouter.api.Usage;
import dev.llmrouter.internal.http.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of the response cache's entries, for caches outside the JVM (llmrouter-redis):
 * a request's cache key text and a response's stored value. Uses the adapters' shared Jackson
 * mapper ({@link Json}) on trees, so the API types need no annotations.
 *
 * <p>The key text holds what decides an answer (messages, sampling values, stop, seed, penalties,
 * tools, tool choice, response format) and never the model name, per-request options or metadata,
 * as the in-memory cache keys on; fields are written in one fixed order, so equal requests give
 * equal text. The value holds the whole response except its {@code Route}, which the router
 * replaces on every hit. {@link #FORMAT} names the layout: a store puts it in its keys so an older
 * layout is never read as this one. Stateless and thread-safe.
 */
public final class CacheCodec {
    /** The layout version of keys and values; part of every key a store writes. */
    public static final String FORMAT = "v1";

    private CacheCodec() {
    }

    /** The canonical key text of a request (compact JSON). */
    public static String requestKey(ChatRequest r) {
        ObjectNode o = Json.object();
        ArrayNode messages = o.putArray("messages");
        r.messages().forEach(m -> messages.add(message(m)));
        r.temperature().ifPresent(v -> o.put("temperature", v));
        r.topP().ifPresent(v -> o.put("top_p", v));
        r.maxTokens().ifPresent(v -> o.put("max_tokens", v));
        if (!r.stop().isEmpty()) {
            ArrayNode stop = o.putArray("stop");
            r.stop().forEach(stop::add);
        }
        r.seed().ifPresent(v -> o.put("seed", v));
        r.presencePenalty().ifPresent(v -> o.put("presence_penalty", v));
        r.frequencyPenalty().ifPresent(v -> o.put("frequency_penalty", v));
        if (!r.tools().isEmpty()) {
            ArrayNode tools = o.putArray("tools");
            for (ToolDefinition t : r.tools()) {
                ObjectNode n = tools.addObject().put("name", t.name()).put("description", t.description())
                        .put("parameters", t.parametersJson());
                if (t.strict() != null) {
                    n.put("strict", t.strict());
                }
            }
        }
        r.toolChoice().ifPresent(c -> o.put("tool_choice", choice(c)));
        r.parallelToolCalls().ifPresent(v -> o.put("parallel_tool_calls", v));
        r.responseFormat().ifPresent(f -> {
            ObjectNode n = o.putObject("response_format").put("type", f.type());
            f.schemaName().ifPresent(s -> n.put("name", s));
            f.schemaJson().ifPresent(s -> n.put("schema", s));
            f.strict().ifPresent(s -> n.put("strict", s));
        });
        return Json.write(o);
    }

    /** The stored value of a response (compact JSON, without its route). */
    public static String encodeResponse(ChatResponse r) {
        ObjectNode o = Json.object().put("format", FORMAT).put("id", r.id()).put("model", r.model());
        o.set("message", message(r.message()));
        o.put("finish_reason", r.finishReason().name());
        r.rawFinishReason().ifPresent(v -> o.put("raw_finish_reason", v));
        Usage u = r.usage();
        o.putObject("usage").put("prompt", u.promptTokens()).put("completion", u.completionTokens())
                .put("total", u.totalTokens()).put("cached_prompt", u.cachedPromptTokens());
        r.providerRequestId().ifPresent(v -> o.put("provider_request_id", v));
        return Json.write(o);
    }

    /**
     * Reads a value {@link #encodeResponse} wrote.
     *
     * @throws IllegalArgumentException naming the field when the text is not such a value (corrupt,
     *         truncated, or written by another layout)
     */
    public static ChatResponse decodeResponse(String text) {
        JsonNode o;
        try {
            o = Json.parse(text);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String format = Json.text(o, "format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("layout '" + format + "' where '" + FORMAT + "' was expected");
        }
        try {
            JsonNode u = field(o, "usage", "usage");
            return ChatResponse.builder().id(text(o, "id", "id")).model(text(o, "model", "model"))
                    .message(readMessage(field(o, "message", "message"), "message"))
                    .finishReason(FinishReason.valueOf(text(o, "finish_reason", "finish_reason")))
                    .rawFinishReason(Json.text(o, "raw_finish_reason"))
                    .usage(new Usage(count(u, "prompt"), count(u, "completion"), count(u, "total"), count(u, "cached_prompt")))
                    .providerRequestId(Json.text(o, "provider_request_id")).build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static ObjectNode message(ChatMessage m) {
        ObjectNode o = Json.object().put("role", m.role().wireName());
        ArrayNode parts = o.putArray("content");
        for (ContentPart p : m.content()) {
            if (p instanceof ContentPart.Text t) {
                parts.addObject().put("text", t.text());
            } else if (p instanceof ContentPart.Image i) {
                ObjectNode n = parts.addObject();
                if (i.url() != null) {
                    n.put("url", i.url());
                } else {
                    n.put("media_type", i.mediaType()).put("data", i.base64Data());
                }
                if (i.detail() != null) {
                    n.put("detail", i.detail());
                }
            }
        }
        if (!m.toolCalls().isEmpty()) {
            ArrayNode calls = o.putArray("tool_calls");
            m.toolCalls().forEach(c -> calls.addObject().put("id", c.id()).put("name", c.name())
                    .put("arguments", c.argumentsJson()));
        }
        m.toolCallId().ifPresent(v -> o.put("tool_call_id", v));
        m.name().ifPresent(v -> o.put("name", v));
        return o;
    }

    private static ChatMessage readMessage(JsonNode o, String where) {
        ChatMessage.Builder b = ChatMessage.builder(Role.fromWire(text(o, "role", where + ".role")));
        JsonNode parts = o.get("content");
        if (parts == null || !parts.isArray()) {
            throw new IllegalArgumentException(where + ".content is missing or not an array");
        }
        for (int i = 0; i < parts.size(); i++) {
            JsonNode p = parts.get(i);
            String at = where + ".content[" + i + "]";
            if (p.has("text")) {
                b.text(text(p, "text", at + ".text"));
            } else if (p.has("url")) {
                b.part(new ContentPart.Image(text(p, "url", at + ".url"), null, null, Json.text(p, "detail")));
            } else {
                b.part(new ContentPart.Image(null, text(p, "media_type", at + ".media_type"), text(p, "data", at + ".data"),
                        Json.text(p, "detail")));
            }
        }
        JsonNode calls = o.get("tool_calls");
        if (calls != null) {
            List<ToolCall> list = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                String at = where + ".tool_calls[" + i + "]";
                JsonNode c = calls.get(i);
                list.add(new ToolCall(text(c, "id", at + ".id"), text(c, "name", at + ".name"),
                        text(c, "arguments", at + ".arguments")));
            }
            b.toolCalls(list);
        }
        return b.toolCallId(Json.text(o, "tool_call_id")).name(Json.text(o, "name")).build();
    }

    private static String choice(ToolChoice c) {
        return c.functionName().map(n -> "function:" + n).orElse(c.mode());
    }

    private static JsonNode field(JsonNode o, String name, String where) {
        JsonNode v = o.get(name);
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException(where + " is missing or not an object");
        }
        return v;
    }

    private static String text(JsonNode o, String name, String where) {
        JsonNode v = o.get(name);
        if (v == null || !v.isString()) {
            throw new IllegalArgumentException(where + " is missing or not a string");
        }
        return v.stringValue();
    }

    private static long count(JsonNode o, String name) {
        JsonNode v = o.get(name);
        if (v == null || !v.canConvertToLong()) {
            throw new IllegalArgumentException("usage." + name + " is missing or not an integer");
        }
        return v.longValue();
    }
}
