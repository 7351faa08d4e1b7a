package dev.llmrouter.bench;

import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.FailureKind;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.Usage;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ModelInfo;
import dev.llmrouter.spi.provider.ProbeResult;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.spi.provider.ProviderStream;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A provider that answers at once, in memory, with one fixed response, so a benchmark through
 * {@code LlmRouter.chat} measures the router's own work and no I/O; optionally its first call fails
 * with a 500 (a counted circuit failure). Streams are not supported. Thread-safe.
 */
public final class InMemoryAdapter implements ProviderAdapter {
    /** The usage every answer reports. */
    public static final Usage USAGE = Usage.of(12, 6);

    private static final ChatResponse ANSWER = ChatResponse.builder().id("chatcmpl-bench").model(StubServer.MODEL)
            .message(ChatMessage.assistant(StubServer.ANSWER)).finishReason(FinishReason.STOP).usage(USAGE).build();

    private final String name;
    private final AtomicBoolean failNext;

    /** An adapter standing in for the provider named {@code name}. */
    public InMemoryAdapter(String name) {
        this(name, false);
    }

    /** As {@link #InMemoryAdapter(String)}; with {@code failFirstCall} its first call fails with a 500. */
    public InMemoryAdapter(String name, boolean failFirstCall) {
        this.name = name;
        this.failNext = new AtomicBoolean(failFirstCall);
    }

    /** True once the first call failed (always true when it was not asked to fail). */
    public boolean failedOnce() {
        return !failNext.get();
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
        if (failNext.get() && failNext.compareAndSet(true, false)) {
            throw new ProviderUnavailableException(FailureKind.SERVER_ERROR, name, ProviderError.of(500, "first call"),
                    "in-memory provider " + name + " fails its first call", null);
        }
        return ANSWER;
    }

    @Override
    public ProviderStream stream(ChatRequest request, CallContext context) {
        throw new UnsupportedOperationException("the in-memory benchmark adapter does not stream");
    }

    @Override
    public List<ModelInfo> listModels(CallContext context) {
        return List.of(ModelInfo.builder(StubServer.MODEL).build());
    }

    @Override
    public ProbeResult probe(CallContext context) {
        return ProbeResult.builder().healthy(true).reachable(true).httpStatus(200).detail("ok").build();
    }
}
