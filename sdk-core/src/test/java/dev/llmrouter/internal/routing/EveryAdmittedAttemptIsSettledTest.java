package dev.llmrouter.internal.routing;

import static dev.llmrouter.internal.routing.TestConfig.dep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.RequestCancelledException;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ModelInfo;
import dev.llmrouter.spi.provider.ProbeResult;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.spi.provider.ProviderStream;
import dev.llmrouter.spi.provider.ProviderType;
import dev.llmrouter.spi.state.CircuitState;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, defect 1: anything other than an LlmRouterException or RuntimeException leaving an
 * attempt (an Error from a listener or an adapter, an undeclared checked exception, an
 * OutOfMemoryError) left its admission unsettled: with {@code max_parallel_requests: 1} the
 * deployment was dead until restart. Each case here leaves the slot free for the next request, and
 * none is held against the provider's circuit.
 */
@Tag("unit")
class EveryAdmittedAttemptIsSettledTest {
    private static final String ID = "g/a/m#0";

    /** An adapter whose first call runs {@code first} (which throws), and which answers after. */
    private static final class FailingOnce implements ProviderAdapter {
        private final ThrowingAction first;
        private volatile boolean failed;

        FailingOnce(ThrowingAction first) {
            this.first = first;
        }

        private void maybeFail() {
            if (!failed) {
                failed = true;
                sneakyRun(first);
            }
        }

        @Override
        public String name() {
            return "a";
        }

        @Override
        public ProviderType type() {
            return ProviderType.OPENAI_COMPATIBLE;
        }

        @Override
        public ChatResponse chat(ChatRequest request, CallContext context) {
            maybeFail();
            return ChatResponse.builder().message(ChatMessage.assistant("fine")).rawFinishReason("stop").build();
        }

        @Override
        public ProviderStream stream(ChatRequest request, CallContext context) {
            return new ProviderStream() {
                private int n;

                @Override
                public ChatChunk next() {
                    n++;
                    if (n == 1) {
                        return ChatChunk.ofText("first");
                    }
                    maybeFail();
                    return null;
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
            return new ProbeResult(true, true, 200, Duration.ZERO, "ok");
        }
    }

    private interface ThrowingAction {
        void run() throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    private static void sneakyRun(ThrowingAction a) {
        try {
            a.run();
        } catch (Throwable t) {
            EveryAdmittedAttemptIsSettledTest.<RuntimeException>sneakyThrow(t);
        }
    }

    private static LlmRouter router(ProviderAdapter adapter, RouterListener listener) {
        TestConfig c = TestConfig.create().custom("a", b -> b.maxParallelRequests(1)).group("g", dep("a", "m"));
        return LlmRouter.builder().config(c.build()).adapter("a", adapter).listener(listener).build();
    }

    private static ChatRequest ask() {
        return ChatRequest.builder().model("g").user("hi").build();
    }

    private static void assertSlotFreeAndCircuitClosed(LlmRouter r) {
        assertThat(r.healthSnapshot().deployment(ID).orElseThrow().inFlight()).isZero();
        assertThat(r.chat(ask()).text()).isEqualTo("fine");
        assertThat(r.healthSnapshot().deployment(ID).orElseThrow().circuit().state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void anAssertionErrorFromAListenerIsLoggedAndIgnored() {
        RouterListener throwing = new RouterListener() {
            @Override
            public void onAttemptStarted(dev.llmrouter.spi.event.AttemptStartedEvent event) {
                throw new AssertionError("listener bug");
            }
        };
        try (LlmRouter r = router(new FailingOnce(() -> { }), throwing)) {
            assertThat(r.chat(ask()).text()).isEqualTo("fine");
            assertSlotFreeAndCircuitClosed(r);
        }
    }

    @Test
    void aStackOverflowFromAListenerIsLoggedAndIgnored() {
        RouterListener throwing = new RouterListener() {
            @Override
            public void onAttemptEnded(dev.llmrouter.spi.event.AttemptEndedEvent event) {
                throw new StackOverflowError();
            }
        };
        try (LlmRouter r = router(new FailingOnce(() -> { }), throwing)) {
            assertThat(r.chat(ask()).text()).isEqualTo("fine");
            assertSlotFreeAndCircuitClosed(r);
        }
    }

    @Test
    void anErrorFromAnAdapterIsRethrownAndItsSlotFreed() {
        try (LlmRouter r = router(new FailingOnce(() -> {
            throw new AssertionError("adapter bug");
        }), RouterListener.NONE)) {
            assertThat(catchThrowable(() -> r.chat(ask()))).isInstanceOf(AssertionError.class).hasMessage("adapter bug");
            assertSlotFreeAndCircuitClosed(r);
        }
    }

    @Test
    void anUndeclaredCheckedExceptionFromAnAdapterIsATypedFailure() {
        try (LlmRouter r = router(new FailingOnce(() -> {
            throw new IOException("sneaky");
        }), RouterListener.NONE)) {
            // a provider failure like any other: retried, and the retry answers
            ChatResponse answer = r.chat(ask());
            assertThat(answer.text()).isEqualTo("fine");
            assertThat(answer.route().attempts()).hasSize(2);
            assertThat(r.healthSnapshot().deployment(ID).orElseThrow().inFlight()).isZero();
        }
    }

    @Test
    void runningOutOfMemoryIsNeverHeldAgainstTheProvider() {
        try (LlmRouter r = router(new FailingOnce(() -> {
            throw new OutOfMemoryError("Java heap space");
        }), RouterListener.NONE)) {
            assertThat(catchThrowable(() -> r.chat(ask()))).isInstanceOf(OutOfMemoryError.class);
            assertSlotFreeAndCircuitClosed(r);
        }
    }

    @Test
    void aSelfSuppressionFailureCausedByOutOfMemoryIsTheCallersNotTheProviders() {
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        try (LlmRouter r = router(new FailingOnce(() -> {
            throw new IllegalArgumentException("Self-suppression not permitted", oom);
        }), RouterListener.NONE)) {
            assertThat(catchThrowable(() -> r.chat(ask()))).isInstanceOf(RequestCancelledException.class)
                    .hasMessageContaining("not held against the provider");
            assertSlotFreeAndCircuitClosed(r);
        }
    }

    @Test
    void anErrorWhileReadingAStreamFreesItsSlot() {
        try (LlmRouter r = router(new FailingOnce(() -> {
            throw new AssertionError("stream bug");
        }), RouterListener.NONE)) {
            Throwable t = catchThrowable(() -> {
                try (ChatStream s = r.stream(ask())) {
                    s.forEach(c -> { });
                }
            });
            assertThat(t).isInstanceOf(AssertionError.class).hasMessage("stream bug");
            assertThat(r.healthSnapshot().deployment(ID).orElseThrow().inFlight()).isZero();
            assertThat(r.chat(ask()).text()).isEqualTo("fine");
        }
    }
}
