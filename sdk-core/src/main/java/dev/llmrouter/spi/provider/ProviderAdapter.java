package dev.llmrouter.spi.provider;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import java.util.List;

/**
 * Speaks one provider's wire format. The request's {@link ChatRequest#model()} is already the
 * provider-side model name. Every failure is a typed {@link dev.llmrouter.api.LlmRouterException}
 * (never a raw {@code IOException}), and every call honours its {@link CallContext}: its limits
 * and its cancellation.
 *
 * <p>Implementations are thread-safe and shared by all requests; they hold no per-request state.
 */
public interface ProviderAdapter {

    /** The provider's configured name. */
    String name();

    /** The provider's type. */
    ProviderType type();

    /** One whole chat completion. */
    ChatResponse chat(ChatRequest request, CallContext context);

    /**
     * One whole chat completion of {@code request} with {@code model} as the provider-side model
     * name in place of {@link ChatRequest#model()}: the router calls this once per attempt, so an
     * adapter that writes the name itself saves copying the request. The default copies it (when
     * the names differ) and calls {@link #chat(ChatRequest, CallContext)}.
     */
    default ChatResponse chat(ChatRequest request, String model, CallContext context) {
        return chat(model.equals(request.model()) ? request : request.withModel(model), context);
    }

    /** A streamed chat completion; returns once the server has accepted it (HTTP 200). */
    ProviderStream stream(ChatRequest request, CallContext context);

    /** The models the server serves now (local servers) or offers (cloud). */
    List<ModelInfo> listModels(CallContext context);

    /** Probes the server's health endpoint for its type. Never throws for an unhealthy server. */
    ProbeResult probe(CallContext context);
}
