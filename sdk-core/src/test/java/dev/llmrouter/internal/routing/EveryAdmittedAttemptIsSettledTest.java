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
import dev.llmrouter.TimeSource;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.AdmissionControl;
import dev.llmrouter.spi.state.AdmissionRequest;
import dev.llmrouter.spi.state.AttemptResult;
import dev.llmrouter.spi.state.CircuitPolicy;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spi.state.CircuitView;
import dev.llmrouter.spi.state.Settlement;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, defect 1: anything other than an LlmRouterException or RuntimeException leaving an
 * attempt (an Error from a listener or an adapter, an undeclared checked exception, an
 * OutOfMemoryError) left its admission unsettled: with {@code max_parallel_requests: 1} the
 * deployment was dead until restart. Each case here leaves the slot free for the next request, and
 * none is held against the provider's circuit. Every test ends by checking that each admission
 * granted was settled exactly once (an applied settlement per grant).
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
            return ProbeResult.builder().healthy(true).reachable(true).httpStatus(200).detail("ok").build();
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

    /**
     * The local admission control, counting granted admissions and the settlements that applied to
     * one: equal counts mean every admitted attempt was settled exactly once.
     */
    private static final class Counting implements AdmissionControl {
        private final AdmissionControl local = AdmissionControl.local(TimeSource.system());
        final AtomicInteger granted = new AtomicInteger();
        final AtomicInteger settled = new AtomicInteger();

        @Override
        public Admission admit(AdmissionRequest request, long maxWaitNanos) throws InterruptedException {
            Admission a = local.admit(request, maxWaitNanos);
            if (a.granted()) {
                granted.incrementAndGet();
            }
            return a;
        }

        @Override
        public Settlement settle(Admission admission, AttemptResult result, long actualTokens) {
            Settlement s = local.settle(admission, result, actualTokens);
            if (s.applied()) {
                settled.incrementAndGet();
            }
            return s;
        }

        @Override
        public CircuitView circuit(String deploymentId, CircuitPolicy policy) {
            return local.circuit(deploymentId, policy);
        }

        @Override
        public int inFlight(String deploymentId) {
            return local.inFlight(deploymentId);
        }

        @Override
        public double headroom(String deploymentId, RateLimit limit) {
            return local.headroom(deploymentId, limit);
        }

        @Override
        public void close() {
            local.close();
        }
    }

    private Counting admissions;

    private LlmRouter router(ProviderAdapter adapter, RouterListener listener) {
        TestConfig c = TestConfig.create().custom("a", b -> b.maxParallelRequests(1)).group("g", dep("a", "m"));
        admissions = new Counting();
        return LlmRouter.builder().config(c.build()).adapter("a", adapter).listener(listener)
                .admissionControl(admissions).build();
    }

    @AfterEach
    void everyGrantedAdmissionWasSettledExactlyOnce() {
        assertThat(admissions.granted.get()).as("admissions granted").isPositive();
        assertThat(admissions.settled.get()).as("settlements applied").isEqualTo(admissions.granted.get());
    }

    private static ChatRequest ask() {
        return ChatRequest.builder().model("g").user("hi").build();
    }

    private void assertSlotFreeAndCircuitClosed(LlmRouter r) {
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
            try (ChatStream s = r.stream(ask())) {
                Throwable t = catchThrowable(() -> s.forEach(c -> { }));
                assertThat(t).isInstanceOf(AssertionError.class).hasMessage("stream bug");
                // freed as the error left the stream, not only by close(): a caller may never close it
                assertThat(r.healthSnapshot().deployment(ID).orElseThrow().inFlight()).isZero();
            }
            assertThat(r.healthSnapshot().deployment(ID).orElseThrow().inFlight()).isZero();
            assertThat(r.chat(ask()).text()).isEqualTo("fine");
        }
    }
}
