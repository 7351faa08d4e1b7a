package dev.llmrouter.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.Route;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.Usage;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.ArrayList;
import java.util.List;

/**
 * llmrouter's response to LangChain4j's: the AI message with its tool execution requests, and
 * {@link LlmRouterChatResponseMetadata} (id, model name, token usage, finish reason, route). Also
 * the provider kind LangChain4j's listeners are told about. The one place where responses are
 * translated. Stateless and thread-safe.
 */
final class ResponseMapping {
    private ResponseMapping() {
    }

    static ChatResponse toLangChain4j(dev.llmrouter.api.ChatResponse r) {
        List<ToolExecutionRequest> requests = new ArrayList<>(r.message().toolCalls().size());
        for (ToolCall c : r.message().toolCalls()) {
            requests.add(ToolExecutionRequest.builder().id(c.id()).name(c.name()).arguments(c.argumentsJson()).build());
        }
        String text = r.text();
        AiMessage message = requests.isEmpty() ? AiMessage.from(text)
                : AiMessage.from(text.isEmpty() ? null : text, requests);
        Route route = r.route();
        String model = !r.model().isEmpty() ? r.model() : route.providerModel();
        LlmRouterChatResponseMetadata metadata = LlmRouterChatResponseMetadata.builder()
                .id(r.id().isEmpty() ? null : r.id())
                .modelName(model)
                .tokenUsage(tokenUsage(r.usage()))
                .finishReason(requests.isEmpty() ? finishReason(r) : FinishReason.TOOL_EXECUTION)
                .rawFinishReason(r.rawFinishReason().orElse(null))
                .providerRequestId(r.providerRequestId().orElse(null))
                .route(route)
                .build();
        return ChatResponse.builder().aiMessage(message).metadata(metadata).build();
    }

    /** Null when the server reported no usage (LangChain4j sums nulls as absent). */
    static TokenUsage tokenUsage(Usage u) {
        if (u == null || u.isEmpty()) {
            return null;
        }
        return new TokenUsage(clamp(u.promptTokens()), clamp(u.completionTokens()), clamp(u.totalTokens()));
    }

    private static int clamp(long n) {
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    /**
     * LangChain4j's finish reason. It has no "context window" value: an answer cut off by the
     * context window maps to {@link FinishReason#LENGTH} (the output ran out of room; the raw reason
     * tells which). No finish reason from the server maps to null.
     */
    static FinishReason finishReason(dev.llmrouter.api.ChatResponse r) {
        if (r.rawFinishReason().isEmpty()) {
            return null;
        }
        return switch (r.finishReason()) {
            case STOP -> FinishReason.STOP;
            case LENGTH, CONTEXT_WINDOW -> FinishReason.LENGTH;
            case TOOL_CALLS -> FinishReason.TOOL_EXECUTION;
            case CONTENT_FILTER -> FinishReason.CONTENT_FILTER;
            case OTHER -> FinishReason.OTHER;
        };
    }

    /** LangChain4j's name for a provider type; types it has no constant for are {@link ModelProvider#OTHER}. */
    static ModelProvider modelProvider(ProviderType type) {
        if (type == null) {
            return ModelProvider.OTHER;
        }
        return switch (type) {
            case OPENAI -> ModelProvider.OPEN_AI;
            case ANTHROPIC -> ModelProvider.ANTHROPIC;
            case OLLAMA -> ModelProvider.OLLAMA;
            default -> ModelProvider.OTHER;
        };
    }

    /** The provider name of the deployment that answered, or null. */
    static String answeringProvider(ChatResponse response) {
        return response.metadata() instanceof LlmRouterChatResponseMetadata m ? m.provider() : null;
    }

    /** The provider name of the last attempt a failure made, or null when none was made. */
    static String failingProvider(Throwable error) {
        if (error instanceof LlmRouterException e) {
            List<AttemptRecord> attempts = e.route().attempts();
            return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).provider();
        }
        return null;
    }
}
