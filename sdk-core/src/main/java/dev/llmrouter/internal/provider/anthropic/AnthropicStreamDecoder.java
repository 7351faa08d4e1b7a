package dev.llmrouter.internal.provider.anthropic;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ProviderException;
import dev.llmrouter.api.ToolCallDelta;
import dev.llmrouter.internal.adapter.WireJson;
import dev.llmrouter.internal.http.Json;
import dev.llmrouter.internal.http.Redactor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The state machine of an Anthropic Messages stream: named SSE events in, {@link ChatChunk}s out.
 *
 * <ul>
 *   <li>{@code message_start} gives the id, model and input usage (no chunk).</li>
 *   <li>{@code content_block_start} of a {@code tool_use} block gives a {@link ToolCallDelta} with
 *       the call's id and name; tool calls are numbered 0, 1, ... in block order, whatever the
 *       block indices are. Other block types (thinking, ...) are ignored.</li>
 *   <li>{@code content_block_delta}: {@code text_delta} gives text, {@code input_json_delta}
 *       gives an argument piece for its block's call; {@code thinking_delta} and unknown deltas
 *       are ignored.</li>
 *   <li>{@code message_delta} records the stop reason and the usage, which is CUMULATIVE: each
 *       update replaces the counts. The finish reason and the usage go out once, on the chunk made
 *       at {@code message_stop}, so a consumer can never count usage twice.</li>
 *   <li>{@code message_stop} ends the stream, or fails it when the stop reason means failure and
 *       no output came ({@link AnthropicResponseDecoder#failedStop}); {@code ping} and unknown events are ignored;
 *       {@code error} becomes the classifier's typed exception.</li>
 * </ul>
 * The caller treats input that ends before {@link #finished()} as a broken stream.
 *
 * <p>Not thread-safe: one decoder per stream, fed by the reading thread.
 */
final class AnthropicStreamDecoder {
    private final String provider;
    private final Redactor redactor;
    private final String requestId;
    private final Function<JsonNode, ProviderException> classifier;
    private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
    private String id;
    private String model;
    private AnthropicUsage usage = AnthropicUsage.NONE;
    private String stopReason;
    private boolean producedOutput;
    private boolean finished;

    /**
     * @param provider the provider name, for exceptions
     * @param redactor masks secrets in quoted server output
     * @param requestId the response's {@code request-id} header, or null
     * @param classifier turns an error event (status 200) into its typed exception
     */
    AnthropicStreamDecoder(String provider, Redactor redactor, String requestId, Function<JsonNode, ProviderException> classifier) {
        this.provider = provider;
        this.redactor = redactor;
        this.requestId = requestId;
        this.classifier = classifier;
    }

    /** True once {@code message_stop} was decoded. */
    boolean finished() {
        return finished;
    }

    /**
     * Decodes one SSE event.
     *
     * @param event the {@code event:} name, or null when the event had none ({@code data.type} is used then)
     * @param data the event's data
     * @return the chunk it yields, or null when it yields none
     * @throws ProviderException an error event's typed exception; malformed data; a failed stop
     */
    ChatChunk onEvent(String event, String data) {
        if ("ping".equals(event) || finished) {
            return null;
        }
        JsonNode json = WireJson.parseRecord(provider, redactor, data, "Anthropic stream event '" + (event == null ? "" : event) + "' data");
        String type = event != null && !event.isEmpty() ? event : Json.text(json, "type");
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "message_start" -> messageStart(json.path("message"));
            case "content_block_start" -> blockStart(json);
            case "content_block_delta" -> blockDelta(json);
            case "message_delta" -> messageDelta(json);
            case "message_stop" -> messageStop();
            case "error" -> throw classifier.apply(json);
            default -> null;
        };
    }

    private ChatChunk messageStart(JsonNode message) {
        id = Json.text(message, "id");
        model = Json.text(message, "model");
        usage = usage.updatedBy(message.get("usage"));
        return null;
    }

    private ChatChunk blockStart(JsonNode json) {
        JsonNode block = json.path("content_block");
        String type = Json.text(block, "type");
        if ("text".equals(type)) {
            return text(Json.text(block, "text"));
        }
        if (!"tool_use".equals(type)) {
            return null;
        }
        int toolIndex = toolIndexByBlock.size();
        toolIndexByBlock.put(blockIndex(json), toolIndex);
        producedOutput = true;
        return chunk("", new ToolCallDelta(toolIndex, Json.text(block, "id"), Json.text(block, "name"), ""));
    }

    private ChatChunk blockDelta(JsonNode json) {
        JsonNode delta = json.path("delta");
        String type = Json.text(delta, "type");
        if ("text_delta".equals(type)) {
            return text(Json.text(delta, "text"));
        }
        if (!"input_json_delta".equals(type)) {
            return null;
        }
        Integer toolIndex = toolIndexByBlock.get(blockIndex(json));
        if (toolIndex == null) {
            throw WireJson.malformed(provider, redactor, "Anthropic sent input_json_delta for content block " + blockIndex(json)
                    + ", which is not a tool_use block", null);
        }
        String piece = Json.text(delta, "partial_json");
        return piece == null || piece.isEmpty() ? null : chunk("", new ToolCallDelta(toolIndex, null, null, piece));
    }

    private ChatChunk messageDelta(JsonNode json) {
        String stop = Json.text(json.path("delta"), "stop_reason");
        if (stop != null) {
            stopReason = stop;
        }
        usage = usage.updatedBy(json.get("usage"));
        return null;
    }

    private ChatChunk messageStop() {
        if (stopReason == null) {
            throw WireJson.malformed(provider, redactor, "Anthropic stream reached message_stop without a stop_reason", null);
        }
        ProviderException failure = producedOutput ? null : AnthropicResponseDecoder.failedStop(provider, stopReason, requestId);
        if (failure != null) {
            throw failure;
        }
        finished = true;
        return ChatChunk.builder().id(id).model(model).text("").rawFinishReason(stopReason).usage(usage.toUsage())
                .build();
    }

    private ChatChunk text(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        producedOutput = true;
        return ChatChunk.builder().id(id).model(model).text(text).build();
    }

    private ChatChunk chunk(String text, ToolCallDelta delta) {
        return ChatChunk.builder().id(id).model(model).text(text).toolCalls(List.of(delta)).build();
    }

    private int blockIndex(JsonNode json) {
        JsonNode index = json.get("index");
        if (index == null || !index.isIntegralNumber()) {
            throw WireJson.malformed(provider, redactor, "Anthropic content block event without an integer index: "
                    + WireJson.excerpt(json), null);
        }
        return index.asInt();
    }
}
