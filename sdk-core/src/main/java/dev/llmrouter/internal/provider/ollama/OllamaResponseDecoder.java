package dev.llmrouter.internal.provider.ollama;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ProviderException;
import dev.llmrouter.api.StreamAccumulator;
import dev.llmrouter.api.ToolCallDelta;
import dev.llmrouter.api.Usage;
import dev.llmrouter.internal.adapter.WireJson;
import dev.llmrouter.internal.http.Json;
import dev.llmrouter.internal.http.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Reads Ollama {@code /api/chat} answers: the NDJSON lines of a stream, one at a time, or the single
 * object of a {@code stream:false} call (shaped like the last line).
 *
 * <p>Tool calls arrive whole in a {@code done:false} line; each becomes one {@link ToolCallDelta}
 * with the next index (0, 1, ...), the call's id or {@code call_<index>} when Ollama sent none,
 * and its arguments object written back as JSON text. Ollama reports {@code done_reason:"stop"}
 * even after tool calls; like Ollama's own OpenAI-compatible layer we report {@code tool_calls}
 * then, so callers see {@code FinishReason.TOOL_CALLS} on every adapter. A line holding
 * {@code "error"} becomes the classifier's typed exception.
 *
 * <p>Not thread-safe: one decoder per stream, fed by the reading thread.
 */
final class OllamaResponseDecoder {
    private final String provider;
    private final Redactor redactor;
    private final Function<JsonNode, ProviderException> classifier;
    private int toolCalls;
    private boolean done;

    /**
     * @param provider the provider name, for exceptions
     * @param redactor masks secrets in quoted server output
     * @param classifier turns a line holding {@code "error"} (status 200) into its typed exception
     */
    OllamaResponseDecoder(String provider, Redactor redactor, Function<JsonNode, ProviderException> classifier) {
        this.provider = provider;
        this.redactor = redactor;
        this.classifier = classifier;
    }

    /** True once the {@code done:true} line was decoded. */
    boolean done() {
        return done;
    }

    /**
     * Decodes one line (already parsed).
     *
     * @throws ProviderException the classified error of an {@code {"error": ...}} line, or
     *         {@link dev.llmrouter.api.MalformedResponseException} for a line that is not a chat chunk
     */
    ChatChunk decode(JsonNode line) {
        if (line.has("error")) {
            throw classifier.apply(line);
        }
        JsonNode doneNode = line.get("done");
        if (doneNode == null || !doneNode.isBoolean()) {
            throw WireJson.malformed(provider, redactor, "Ollama chat line has no boolean 'done' field: " + WireJson.excerpt(line), null);
        }
        JsonNode message = line.path("message");
        String text = message.isObject() ? Json.text(message, "content") : null;
        List<ToolCallDelta> calls = toolCalls(message.path("tool_calls"));
        String finish = null;
        Usage usage = null;
        if (doneNode.asBoolean()) {
            done = true;
            String reason = Json.text(line, "done_reason");
            reason = reason == null || reason.isEmpty() ? "stop" : reason;
            finish = toolCalls > 0 && reason.equals("stop") ? "tool_calls" : reason;
            usage = Usage.of(WireJson.count(line, "prompt_eval_count"), WireJson.count(line, "eval_count"));
        }
        return ChatChunk.builder().model(Json.text(line, "model")).text(text).toolCalls(calls).rawFinishReason(finish)
                .usage(usage).build();
    }

    private List<ToolCallDelta> toolCalls(JsonNode array) {
        if (!array.isArray() || array.isEmpty()) {
            return List.of();
        }
        List<ToolCallDelta> out = new ArrayList<>(array.size());
        for (JsonNode call : array) {
            JsonNode fn = call.path("function");
            String name = Json.text(fn, "name");
            if (name == null) {
                throw WireJson.malformed(provider, redactor, "Ollama tool call without a function name: " + WireJson.excerpt(call), null);
            }
            int index = toolCalls++;
            String id = Json.text(call, "id");
            JsonNode args = fn.get("arguments");
            String argsJson = args == null || args.isNull() ? "{}" : args.isString() ? args.stringValue() : Json.write(args);
            out.add(new ToolCallDelta(index, id == null || id.isEmpty() ? "call_" + index : id, name, argsJson));
        }
        return out;
    }

    /**
     * Decodes the whole answer of a {@code stream:false} call.
     *
     * @throws ProviderException as {@link #decode}, or malformed when the object is not a final ({@code done:true}) answer
     */
    ChatResponse decodeWhole(JsonNode body, String providerRequestId) {
        ChatChunk chunk = decode(body);
        if (!done) {
            throw WireJson.malformed(provider, redactor, "Ollama answered a stream:false chat with an unfinished object (done:false)", null);
        }
        StreamAccumulator acc = new StreamAccumulator();
        acc.add(chunk);
        return acc.toResponse().toBuilder().providerRequestId(providerRequestId).build();
    }
}
