package dev.llmrouter.provider.anthropic;

import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.ProviderException;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.internal.codec.WireJson;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Reads a whole Anthropic Messages answer, and holds the mappings the stream decoder shares:
 * the error object and the context-window rule.
 *
 * <p>Usage is mapped by {@link AnthropicUsage}. A {@code stop_reason} of
 * {@code model_context_window_exceeded} with no text and no tool call is a
 * {@link ContextWindowExceededException}; with some output it is kept as a finish reason.
 * {@code refusal} is kept as a finish reason ({@code CONTENT_FILTER}) with whatever text came,
 * like OpenAI's {@code content_filter}. Stateless and thread-safe.
 */
final class AnthropicResponseDecoder {
    static final String CONTEXT_WINDOW_STOP = "model_context_window_exceeded";

    private final String provider;
    private final Function<ProviderError, ProviderException> classifier;

    /**
     * @param provider the provider name, for exceptions
     * @param classifier turns an Anthropic error object into its typed exception
     */
    AnthropicResponseDecoder(String provider, Function<ProviderError, ProviderException> classifier) {
        this.provider = provider;
        this.classifier = classifier;
    }

    /**
     * Decodes a {@code type:"message"} body.
     *
     * @throws ProviderException the classified error when the body is an error object; a context
     *         window exception (see above); malformed when the body is not a message
     */
    ChatResponse decode(JsonNode body, String requestId) {
        if ("error".equals(WireJson.text(body, "type"))) {
            throw classifier.apply(error(200, body, requestId));
        }
        JsonNode content = body.get("content");
        if (!"message".equals(WireJson.text(body, "type")) || content == null || !content.isArray()) {
            throw WireJson.malformed(provider, "Anthropic answer is not a message with content blocks: "
                    + WireJson.abbreviate(WireJson.write(body)), null);
        }
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : content) {
            String type = WireJson.text(block, "type");
            if ("text".equals(type)) {
                text.append(WireJson.text(block, "text") == null ? "" : WireJson.text(block, "text"));
            } else if ("tool_use".equals(type)) {
                JsonNode input = block.get("input");
                calls.add(new ToolCall(WireJson.text(block, "id"), WireJson.text(block, "name"),
                        input == null || input.isNull() ? "{}" : WireJson.write(input)));
            }
        }
        String stop = WireJson.text(body, "stop_reason");
        if (CONTEXT_WINDOW_STOP.equals(stop) && text.isEmpty() && calls.isEmpty()) {
            throw contextWindowExceeded(provider, requestId);
        }
        ChatMessage message = calls.isEmpty() ? ChatMessage.assistant(text.toString())
                : ChatMessage.assistantToolCalls(text.toString(), calls);
        return ChatResponse.builder().id(WireJson.text(body, "id")).model(WireJson.text(body, "model")).message(message)
                .rawFinishReason(stop).usage(AnthropicUsage.NONE.updatedBy(body.get("usage")).toUsage()).providerRequestId(requestId).build();
    }

    /** The exception for a context window exhausted before any output. */
    static ContextWindowExceededException contextWindowExceeded(String provider, String requestId) {
        String message = "the model's context window was exhausted before it produced any output (stop_reason "
                + CONTEXT_WINDOW_STOP + ")";
        return new ContextWindowExceededException(provider,
                new ProviderError(200, CONTEXT_WINDOW_STOP, null, message, requestId, null, null), message, null);
    }

    /** The error of an Anthropic error object ({@code {"type":"error","error":{"type","message"}}}). */
    static ProviderError error(int status, JsonNode body, String requestId) {
        JsonNode err = body.path("error");
        String id = requestId != null ? requestId : WireJson.text(body, "request_id");
        return new ProviderError(status, WireJson.text(err, "type"), null, WireJson.text(err, "message"), id, null, null);
    }
}
