package dev.llmrouter.internal.routing;

import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ModelInfo;
import dev.llmrouter.spi.provider.ProbeResult;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.spi.provider.ProviderStream;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.List;

/** A test adapter that answers every chat with a fixed finish reason. */
final class FixedAdapter implements ProviderAdapter {
    private final String name;
    private final String finish;

    FixedAdapter(String name, String finish) {
        this.name = name;
        this.finish = finish;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProviderType type() {
        return ProviderType.OPENAI_COMPATIBLE;
    }

    @Override
    public ChatResponse chat(ChatRequest request, CallContext context) {
        return ChatResponse.builder().message(ChatMessage.assistant("partial")).rawFinishReason(finish).build();
    }

    @Override
    public ProviderStream stream(ChatRequest request, CallContext context) {
        throw new UnsupportedOperationException("chat only");
    }

    @Override
    public List<ModelInfo> listModels(CallContext context) {
        return List.of();
    }

    @Override
    public ProbeResult probe(CallContext context) {
        return ProbeResult.builder().healthy(true).reachable(true).httpStatus(200).detail("ok").build();
    }
}
