package dev.llmrouter.spring.autoconfigure;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.Usage;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ModelInfo;
import dev.llmrouter.spi.provider.ProbeResult;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.spi.provider.ProviderStream;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.List;
import java.util.Optional;

/** A provider adapter bean for the wiring tests: always answers the same text. */
final class TestAdapters {
    private TestAdapters() {
    }

    static ProviderAdapter answering(String text) {
        return new ProviderAdapter() {
            @Override
            public String name() {
                return "steady";
            }

            @Override
            public ProviderType type() {
                return ProviderType.MOCK;
            }

            @Override
            public ChatResponse chat(ChatRequest request, CallContext context) {
                return ChatResponse.builder().id("bean-1").model(request.model()).message(ChatMessage.assistant(text))
                        .finishReason(FinishReason.STOP).usage(Usage.of(3, 4)).build();
            }

            @Override
            public ProviderStream stream(ChatRequest request, CallContext context) {
                return new ProviderStream() {
                    private boolean sent;

                    @Override
                    public ChatChunk next() {
                        if (sent) {
                            return null;
                        }
                        sent = true;
                        return ChatChunk.builder().id("bean-1").model(request.model()).text(text).rawFinishReason("stop")
                                .usage(Usage.of(3, 4)).build();
                    }

                    @Override
                    public Optional<String> providerRequestId() {
                        return Optional.empty();
                    }

                    @Override
                    public void close() {
                    }
                };
            }

            @Override
            public List<ModelInfo> listModels(CallContext context) {
                return List.of();
            }

            @Override
            public ProbeResult probe(CallContext context) {
                return ProbeResult.builder().healthy(true).reachable(true).httpStatus(200).detail("ok").build();
            }
        };
    }
}
