package dev.llmrouter.internal.routing;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.RequestCancelledException;
import dev.llmrouter.api.Usage;
import dev.llmrouter.internal.WaitRegion;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ModelInfo;
import dev.llmrouter.spi.provider.ProbeResult;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.spi.provider.ProviderStream;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A test adapter whose calls block until the test releases them (with an answer or a failure) or
 * their context is cancelled. It ignores the context's time limits on purpose, so a test can show
 * that the router's own deadline timer ends a call. Records every context it got.
 */
class BlockingAdapter implements ProviderAdapter {
    private static final Object OK = new Object();

    private final String name;
    private final BlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();
    final List<CallContext> contexts = new CopyOnWriteArrayList<>();
    final List<LlmRouterException> cancellations = new CopyOnWriteArrayList<>();
    private final Semaphore entered = new Semaphore(0);
    volatile ProbeResult probe = ProbeResult.builder().healthy(true).reachable(true).httpStatus(200).detail("ok")
            .build();
    volatile List<String> models = List.of();

    BlockingAdapter(String name) {
        this.name = name;
    }

    /** Lets one blocked (or future) call answer. */
    void releaseOk() {
        outcomes.add(OK);
    }

    /** Lets one blocked (or future) call fail with {@code e}. */
    void releaseFailure(LlmRouterException e) {
        outcomes.add(e);
    }

    /** Waits until {@code n} calls have entered. */
    boolean awaitCalls(int n) throws InterruptedException {
        return entered.tryAcquire(n, 10, TimeUnit.SECONDS);
    }

    int calls() {
        return contexts.size();
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
        await(context);
        return ChatResponse.builder().message(ChatMessage.assistant("from " + name)).rawFinishReason("stop")
                .usage(Usage.of(3, 2)).build();
    }

    @Override
    public ProviderStream stream(ChatRequest request, CallContext context) {
        await(context);
        return new ProviderStream() {
            private int n;

            @Override
            public ChatChunk next() {
                return switch (n++) {
                    case 0 -> ChatChunk.ofText("from ");
                    case 1 -> ChatChunk.builder().text(name).rawFinishReason("stop").usage(Usage.of(3, 2)).build();
                    default -> null;
                };
            }

            @Override
            public Optional<String> providerRequestId() {
                return Optional.empty();
            }

            @Override
            public void close() {
                // nothing held
            }
        };
    }

    private void await(CallContext context) {
        contexts.add(context);
        WaitRegion region = new WaitRegion();
        context.onCancel(region::wake);
        entered.release();
        Optional<Object> o;
        try {
            o = region.run(outcomes::take);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestCancelledException("interrupted", e);
        }
        if (o.isEmpty()) {
            LlmRouterException reason = context.cancellation().orElseThrow();
            cancellations.add(reason);
            throw reason;
        }
        if (o.get() instanceof LlmRouterException e) {
            throw e;
        }
    }

    @Override
    public List<ModelInfo> listModels(CallContext context) {
        return models.stream().map(m -> ModelInfo.builder(m).build()).toList();
    }

    @Override
    public ProbeResult probe(CallContext context) {
        return probe;
    }
}
