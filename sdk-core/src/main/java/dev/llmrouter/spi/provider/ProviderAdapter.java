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

    /** A streamed chat completion; returns once the server has accepted it (HTTP 200). */
    ProviderStream stream(ChatRequest request, CallContext context);

    /** The models the server serves now (local servers) or offers (cloud). */
    List<ModelInfo> listModels(CallContext context);

    /** Probes the server's health endpoint for its type. Never throws for an unhealthy server. */
    ProbeResult probe(CallContext context);
}
