package dev.llmrouter.internal.provider.mock;

import dev.llmrouter.TimeSource;
import dev.llmrouter.api.AttemptTimeoutException;
import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.RequestCancelledException;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.Usage;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.internal.TokenEstimator;
import dev.llmrouter.internal.WaitRegion;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ModelInfo;
import dev.llmrouter.spi.provider.ProbeResult;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.internal.provider.ProviderResources;
import dev.llmrouter.spi.provider.ProviderStream;
import dev.llmrouter.spi.provider.ProviderType;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code mock} provider type: answers in-process, with scripted latency, streaming pace,
 * failures and an optional tool call, so routing (retries, fallbacks, circuits, limits) can be watched without a server. A
 * failure is thrown exactly as a real adapter would throw it (same exception type and
 * {@link dev.llmrouter.api.ProviderError} fields). Every wait honours the {@link CallContext}: its
 * limits (a latency longer than the attempt timeout ends in {@link AttemptTimeoutException}) and
 * its cancellation; waits go through the resources' {@link TimeSource}, so a manual clock makes
 * them instant.
 *
 * <p>Settings come from {@link ProviderConfig#mock()}; see briefs/MOCK.md for the keys. Thread-safe:
 * a script is one cycle shared by all calls, in call order.
 */
public final class MockAdapter implements ProviderAdapter {
    private final String name;
    private final MockSettings settings;
    private final TimeSource time;
    private final List<String> defaultModels;
    private final Random random;
    private final AtomicLong calls = new AtomicLong();

    /**
     * A mock provider; {@link #listModels} reports the {@code models} setting, or nothing.
     *
     * @throws dev.llmrouter.api.ConfigException for an unknown key or a bad value in the settings
     */
    public MockAdapter(ProviderConfig config, ProviderResources resources) {
        this(config, resources, List.of());
    }

    /**
     * A mock provider that reports {@code deploymentModels} from {@link #listModels} when its
     * {@code models} setting is absent (the router passes the models of the provider's deployments).
     *
     * @throws dev.llmrouter.api.ConfigException for an unknown key or a bad value in the settings
     */
    public MockAdapter(ProviderConfig config, ProviderResources resources, List<String> deploymentModels) {
        this.name = config.name();
        this.settings = MockSettings.from(config.name(), config.mock());
        this.time = resources.time();
        this.defaultModels = List.copyOf(deploymentModels);
        this.random = settings.seed() == null ? new Random() : new Random(settings.seed());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProviderType type() {
        return ProviderType.MOCK;
    }

    /** How many chat and stream calls this provider has received. */
    public long calls() {
        return calls.get();
    }

    @Override
    public ChatResponse chat(ChatRequest request, CallContext context) {
        MockOutcome outcome = nextOutcome();
        WaitRegion region = region(context);
        awaitFirstByte(outcome, region, context);
        if (outcome.kind() != MockOutcome.Kind.OK) {
            throw MockFailures.of(name, outcome, settings.retryAfter(), request.model());
        }
        ToolCall call = toolCallFor(request);
        if (call != null) {
            return ChatResponse.builder().id("mock-" + calls.get()).model(request.model())
                    .message(ChatMessage.assistantToolCalls(null, List.of(call))).rawFinishReason("tool_calls")
                    .usage(usage(request, call.argumentsJson())).providerRequestId("mock-req-" + calls.get()).build();
        }
        String text = replyTo(request);
        return ChatResponse.builder().id("mock-" + calls.get()).model(request.model())
                .message(ChatMessage.assistant(text)).rawFinishReason("stop").usage(usage(request, text))
                .providerRequestId("mock-req-" + calls.get()).build();
    }

    @Override
    public ProviderStream stream(ChatRequest request, CallContext context) {
        MockOutcome outcome = nextOutcome();
        WaitRegion region = region(context);
        awaitFirstByte(outcome, region, context);
        if (outcome.kind() != MockOutcome.Kind.OK && outcome.kind() != MockOutcome.Kind.STREAM_BREAK) {
            throw MockFailures.of(name, outcome, settings.retryAfter(), request.model());
        }
        ToolCall call = toolCallFor(request);
        String text = call != null ? "" : replyTo(request);
        return new MockStream(this, request.model(), text, call, usage(request, call != null ? call.argumentsJson() : text),
                context, region, outcome.kind() == MockOutcome.Kind.STREAM_BREAK);
    }

    @Override
    public List<ModelInfo> listModels(CallContext context) {
        List<String> ids = settings.models().isEmpty() ? defaultModels : settings.models();
        return ids.stream().map(id -> ModelInfo.builder(id).build()).toList();
    }

    @Override
    public ProbeResult probe(CallContext context) {
        return ProbeResult.builder().healthy(true).reachable(true).httpStatus(200).detail("ok (mock)").build();
    }

    Duration chunkDelay() {
        return settings.chunkDelay();
    }

    TimeSource time() {
        return time;
    }

    private MockOutcome nextOutcome() {
        long n = calls.getAndIncrement();
        if (!settings.script().isEmpty()) {
            return settings.script().get((int) (n % settings.script().size()));
        }
        if (settings.failureRate() > 0 && random.nextDouble() < settings.failureRate()) {
            return settings.failure();
        }
        return MockOutcome.OK;
    }

    private static WaitRegion region(CallContext context) {
        WaitRegion region = new WaitRegion();
        context.onCancel(region::wake);
        return region;
    }

    /** Waits the scripted latency (forever for {@code timeout}), bounded by the attempt timeout. */
    private void awaitFirstByte(MockOutcome outcome, WaitRegion region, CallContext context) {
        Duration limit = context.timeout();
        boolean never = outcome.kind() == MockOutcome.Kind.TIMEOUT;
        Duration wait = never ? limit : settings.latency();
        if (wait.compareTo(limit) >= 0) {
            pause(time, region, context, limit.toNanos());
            throw new AttemptTimeoutException(name + ": no answer within the attempt timeout of " + limit + " (mock)",
                    limit, null);
        }
        pause(time, region, context, wait.toNanos());
    }

    /** Sleeps, ending at once with the cancellation reason when the context is cancelled. */
    static void pause(TimeSource time, WaitRegion region, CallContext context, long nanos) {
        if (context.isCancelled()) {
            throw context.cancellation().orElseThrow();
        }
        boolean completed;
        try {
            completed = region.sleep(time, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestCancelledException("interrupted while waiting for the mock provider", e);
        }
        if (!completed || context.isCancelled()) {
            LlmRouterException reason = context.cancellation().orElse(null);
            throw reason != null ? reason : new RequestCancelledException("mock stream closed", null);
        }
    }

    /**
     * The scripted tool call, when there is one, the request offers tools and its last message is
     * not a tool result (after the result, the mock answers with its text); else null.
     */
    private ToolCall toolCallFor(ChatRequest request) {
        ToolCall scripted = settings.toolCall();
        List<ChatMessage> messages = request.messages();
        if (scripted == null || request.tools().isEmpty() || messages.get(messages.size() - 1).role() == Role.TOOL) {
            return null;
        }
        return new ToolCall("call_mock_" + calls.get(), scripted.name(), scripted.argumentsJson());
    }

    private String replyTo(ChatRequest request) {
        if (settings.response() != null) {
            return settings.response();
        }
        String last = "";
        for (ChatMessage m : request.messages()) {
            if (m.role() == Role.USER) {
                last = m.text();
            }
        }
        return "mock reply to: " + last;
    }

    private Usage usage(ChatRequest request, String text) {
        return settings.usage() != null ? settings.usage()
                : Usage.of(TokenEstimator.prompt(request), TokenEstimator.of(text));
    }

    @Override
    public String toString() {
        return "MockAdapter[" + Objects.requireNonNull(name) + "]";
    }
}
