package dev.llmrouter.internal.provider.anthropic;

import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.ProviderException;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.internal.adapter.WireJson;
import dev.llmrouter.internal.http.Json;
import dev.llmrouter.internal.http.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Reads a whole Anthropic Messages answer; also holds the context-window rule the stream decoder
 * shares.
 *
 * <p>Usage is mapped by {@link AnthropicUsage}. Two stop reasons are failures when nothing useful
 * (no text, no tool call) came back: {@code model_context_window_exceeded} is a
 * {@link ContextWindowExceededException} and {@code refusal} a {@link ContentPolicyException}, so
 * the router takes the matching fallback chain; after some output they are kept as finish
 * reasons ({@code CONTEXT_WINDOW}, {@code CONTENT_FILTER}) with the partial answer, as the
 * OpenAI-family adapter does with {@code content_filter}. Stateless and thread-safe.
 */
final class AnthropicResponseDecoder {

    private final String provider;
    private final Redactor redactor;
    private final Function<JsonNode, ProviderException> classifier;

    /**
     * @param provider the provider name, for exceptions
     * @param redactor masks secrets in quoted server output
     * @param classifier turns an Anthropic error object ({@code {"type":"error","error":{...}}}, status 200)
     *        into its typed exception
     */
    AnthropicResponseDecoder(String provider, Redactor redactor, Function<JsonNode, ProviderException> classifier) {
        this.provider = provider;
        this.redactor = redactor;
        this.classifier = classifier;
    }

    /**
     * Decodes a {@code type:"message"} body.
     *
     * @throws ProviderException the classified error when the body is an error object; a context
     *         window exception (see above); malformed when the body is not a message
     */
    ChatResponse decode(JsonNode body, String requestId) {
        if ("error".equals(Json.text(body, "type"))) {
            throw classifier.apply(body);
        }
        JsonNode content = body.get("content");
        if (!"message".equals(Json.text(body, "type")) || content == null || !content.isArray()) {
            throw WireJson.malformed(provider, redactor, "Anthropic answer is not a message with content blocks: "
                    + WireJson.excerpt(body), null);
        }
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : content) {
            String type = Json.text(block, "type");
            if ("text".equals(type)) {
                text.append(Json.text(block, "text") == null ? "" : Json.text(block, "text"));
            } else if ("tool_use".equals(type)) {
                JsonNode input = block.get("input");
                calls.add(new ToolCall(Json.text(block, "id"), Json.text(block, "name"),
                        input == null || input.isNull() ? "{}" : Json.write(input)));
            }
        }
        String stop = Json.text(body, "stop_reason");
        ProviderException failure = text.isEmpty() && calls.isEmpty() ? failedStop(provider, stop, requestId) : null;
        if (failure != null) {
            throw failure;
        }
        ChatMessage message = calls.isEmpty() ? ChatMessage.assistant(text.toString())
                : ChatMessage.assistantToolCalls(text.toString(), calls);
        return ChatResponse.builder().id(Json.text(body, "id")).model(Json.text(body, "model")).message(message)
                .rawFinishReason(stop).usage(AnthropicUsage.NONE.updatedBy(body.get("usage")).toUsage())
                .providerRequestId(requestId).build();
    }

    /**
     * The exception a stop reason stands for when the answer is empty, or null when it is a normal
     * finish ({@code end_turn}, {@code max_tokens}, ...).
     */
    static ProviderException failedStop(String provider, String stopReason, String requestId) {
        if ("model_context_window_exceeded".equals(stopReason)) {
            String msg = "the model's context window was exhausted before it produced any output (stop_reason " + stopReason + ")";
            return new ContextWindowExceededException(provider, ProviderError.builder(200).code(stopReason)
                    .message(msg).requestId(requestId).build(), msg, null);
        }
        if ("refusal".equals(stopReason)) {
            String msg = "the model refused to answer (stop_reason " + stopReason + ")";
            return new ContentPolicyException(provider, ProviderError.builder(200).code(stopReason).message(msg)
                    .requestId(requestId).build(), msg, null);
        }
        return null;
    }
}
