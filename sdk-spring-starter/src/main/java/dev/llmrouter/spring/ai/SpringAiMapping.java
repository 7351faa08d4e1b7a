package dev.llmrouter.spring.ai;

import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ContentPart;
import dev.llmrouter.api.Route;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.ToolDefinition;
import dev.llmrouter.api.Usage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.content.Media;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;

/**
 * Translates between Spring AI's chat types and the router's, both ways: messages (system, user
 * with images, assistant with tool calls, tool results), options (model, temperature, top-p, max
 * tokens, stop, tool callbacks as tool definitions), and responses (text, tool calls, finish
 * reason, usage and the route in the metadata). Thread-safe (static helpers).
 */
final class SpringAiMapping {
    /** Metadata key of the model group that answered. */
    static final String GROUP = "llmrouter.group";
    /** Metadata key of the deployment that answered. */
    static final String DEPLOYMENT = "llmrouter.deployment";
    /** Metadata key of the provider that answered. */
    static final String PROVIDER = "llmrouter.provider";
    /** Metadata key of the fallback groups taken. */
    static final String FALLBACKS = "llmrouter.fallbacks";
    /** Metadata key of the number of attempts. */
    static final String ATTEMPTS = "llmrouter.attempts";
    /** Metadata key: whether the response cache answered. */
    static final String CACHE_HIT = "llmrouter.cache-hit";

    private SpringAiMapping() {
    }

    static ChatRequest request(Prompt prompt, String defaultModel) {
        ChatOptions options = prompt.getOptions();
        String model = options != null && options.getModel() != null && !options.getModel().isBlank()
                ? options.getModel() : defaultModel;
        ChatRequest.Builder b = ChatRequest.builder().model(model);
        for (Message m : prompt.getInstructions()) {
            messages(m).forEach(b::message);
        }
        if (options != null) {
            if (options.getTemperature() != null) {
                b.temperature(options.getTemperature());
            }
            if (options.getTopP() != null) {
                b.topP(options.getTopP());
            }
            if (options.getMaxTokens() != null) {
                b.maxTokens(options.getMaxTokens());
            }
            if (options.getStopSequences() != null && !options.getStopSequences().isEmpty()) {
                b.stop(options.getStopSequences());
            }
            if (options instanceof ToolCallingChatOptions tools && tools.getToolCallbacks() != null) {
                for (ToolCallback t : tools.getToolCallbacks()) {
                    var d = t.getToolDefinition();
                    b.tool(new ToolDefinition(d.name(), d.description(), d.inputSchema(), null));
                }
            }
        }
        return b.build();
    }

    private static List<ChatMessage> messages(Message m) {
        if (m instanceof SystemMessage s) {
            return List.of(ChatMessage.system(s.getText()));
        }
        if (m instanceof UserMessage u) {
            if (u.getMedia().isEmpty()) {
                return List.of(ChatMessage.user(u.getText()));
            }
            List<ContentPart> parts = new ArrayList<>();
            if (u.getText() != null && !u.getText().isEmpty()) {
                parts.add(ContentPart.text(u.getText()));
            }
            u.getMedia().forEach(media -> parts.add(image(media)));
            return List.of(ChatMessage.user(parts));
        }
        if (m instanceof AssistantMessage a) {
            String text = a.getText() == null ? "" : a.getText();
            if (!a.hasToolCalls()) {
                return List.of(ChatMessage.assistant(text));
            }
            List<ToolCall> calls = a.getToolCalls().stream().map(c -> new ToolCall(c.id(), c.name(), c.arguments())).toList();
            return List.of(ChatMessage.assistantToolCalls(text, calls));
        }
        if (m instanceof ToolResponseMessage t) {
            return t.getResponses().stream().map(r -> ChatMessage.toolResult(r.id(), r.responseData()).toBuilder()
                    .name(r.name()).build()).toList();
        }
        throw new IllegalArgumentException("unsupported Spring AI message type: " + m.getMessageType());
    }

    private static ContentPart image(Media media) {
        Object data = media.getData();
        if (data instanceof byte[] bytes) {
            return ContentPart.imageBase64(media.getMimeType().toString(), Base64.getEncoder().encodeToString(bytes));
        }
        return ContentPart.imageUrl(String.valueOf(data));
    }

    /** The whole answer as a Spring AI response. */
    static ChatResponse response(dev.llmrouter.api.ChatResponse r) {
        List<AssistantMessage.ToolCall> calls = r.message().toolCalls().stream()
                .map(c -> new AssistantMessage.ToolCall(c.id(), "function", c.name(), c.argumentsJson())).toList();
        AssistantMessage message = AssistantMessage.builder().content(r.text()).toolCalls(calls).build();
        Generation generation = new Generation(message,
                ChatGenerationMetadata.builder().finishReason(r.finishReason().name()).build());
        return new ChatResponse(List.of(generation), metadata(r.id(), r.model(), r.usage(), r.route()));
    }

    /** One streamed piece of text as a Spring AI response (no usage, no finish reason). */
    static ChatResponse chunk(String id, String model, String text) {
        return new ChatResponse(List.of(new Generation(new AssistantMessage(text))),
                ChatResponseMetadata.builder().id(id).model(model).build());
    }

    static ChatResponseMetadata metadata(String id, String model, Usage usage, Route route) {
        Map<String, Object> routeInfo = new LinkedHashMap<>();
        routeInfo.put(GROUP, route.group());
        if (route.deploymentId() != null) {
            routeInfo.put(DEPLOYMENT, route.deploymentId());
        }
        if (route.provider() != null) {
            routeInfo.put(PROVIDER, route.provider());
        }
        routeInfo.put(FALLBACKS, route.fallbackGroups());
        routeInfo.put(ATTEMPTS, route.attempts().size());
        routeInfo.put(CACHE_HIT, route.cacheHit());
        Usage u = usage == null ? Usage.EMPTY : usage;
        return ChatResponseMetadata.builder().id(id).model(model)
                .usage(new DefaultUsage(Math.toIntExact(u.promptTokens()), Math.toIntExact(u.completionTokens()),
                        Math.toIntExact(u.totalTokens()), u))
                .metadata(routeInfo).build();
    }
}
