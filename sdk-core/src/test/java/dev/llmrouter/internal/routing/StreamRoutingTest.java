package dev.llmrouter.internal.routing;

import dev.llmrouter.api.AttemptOutcome;
import dev.llmrouter.config.DeploymentConfig;
import static dev.llmrouter.internal.routing.TestConfig.dep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.spi.event.RequestCompletedEvent;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.OverallTimeoutException;
import dev.llmrouter.api.RequestCancelledException;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.api.Route;
import dev.llmrouter.api.StreamIdleTimeoutException;
import dev.llmrouter.api.StreamInterruptedException;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ModelInfo;
import dev.llmrouter.spi.provider.ProbeResult;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.spi.provider.ProviderStream;
import dev.llmrouter.spi.provider.ProviderType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Streams: transparent failover before the first chunk, typed failures after it, early close. */
@Tag("unit")
class StreamRoutingTest {
    private final ManualTimeSource clock = new ManualTimeSource();

    private static ChatRequest ask(String model) {
        return ChatRequest.builder().model(model).user("hi").build();
    }

    private static TestConfig twoTiers(Object firstFailure) {
        TestConfig c = TestConfig.create().mock("a", "script", List.of(firstFailure), "response", "from a")
                .mock("b", "response", "from b")
                .group("g", DeploymentConfig.builder("a", "m").build(),
                        DeploymentConfig.builder("b", "m").order(2).build());
        c.strategy = "ordered";
        return c;
    }

    private static List<String> read(ChatStream s) {
        List<String> out = new ArrayList<>();
        for (ChatChunk c : s) {
            out.add(c.text());
        }
        return out;
    }

    @Test
    void aFailureBeforeTheFirstChunkFailsOverTransparently() {
        for (Object failure : List.of(500, "connection_reset", 429, "timeout")) {
            try (LlmRouter r = LlmRouter.builder().config(twoTiers(failure).build()).timeSource(clock).build();
                 ChatStream s = r.stream(ask("g"))) {
                assertThat(read(s)).containsExactly("from ", "b", "");
                ChatResponse whole = s.response();
                assertThat(whole.route().attempts()).extracting(AttemptRecord::provider).containsExactly("a", "b");
                assertThat(whole.route().deploymentId()).isEqualTo("g/b/m#1");
            }
        }
    }

    @Test
    void aStreamThatFailsBeforeTheFirstChunkFallsBackToAnotherGroup() {
        TestConfig c = TestConfig.create().mock("a", "failure_rate", 1.0, "failure", 503).mock("h", "response", "fallback")
                .group("g", dep("a", "m")).group("h", dep("h", "m")).fallbacks("g", "h");
        c.numRetries = 0;
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).build();
             ChatStream s = r.stream(ask("g"))) {
            assertThat(s.response().text()).isEqualTo("fallback");
            assertThat(s.response().route().fallbackGroups()).containsExactly("h");
        }
    }

    @Test
    void aBreakAfterTheFirstChunkIsAStreamInterruptedExceptionWithThePartialTextAndNoRetry() {
        TestConfig c = twoTiers("stream_break");
        c.mock("a", "script", List.of("stream_break"), "response", "partial answer here");
        c.allowedFails = 3;
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).build()) {
            List<String> seen = new ArrayList<>();
            try (ChatStream s = r.stream(ask("g"))) {
                assertThatThrownBy(() -> s.forEach(ch -> seen.add(ch.text())))
                        .isInstanceOfSatisfying(StreamInterruptedException.class, e -> {
                            assertThat(e.partialText()).isEqualTo("partial ");
                            assertThat(e.route().attempts()).singleElement()
                                    .satisfies(a -> assertThat(a.outcome()).isEqualTo(AttemptOutcome.STREAM_INTERRUPTED));
                            assertThat(e.deploymentId()).contains("g/a/m#0");
                        });
                assertThatThrownBy(s::response).isInstanceOf(StreamInterruptedException.class);
            }
            assertThat(seen).containsExactly("partial ");
            assertThat(r.health().deployment("g/a/m#0").orElseThrow().circuit().failuresInWindow()).isEqualTo(1);
        }
    }

    @Test
    void closingEarlyCancelsFreesTheAdmissionAndIsNotHeldAgainstTheCircuit() {
        List<LlmRouterException> completed = new CopyOnWriteArrayList<>();
        List<Route> routes = new CopyOnWriteArrayList<>();
        TestConfig c = TestConfig.create().mock("a", "response", "a b c d e f", "chunk_delay", Duration.ofMillis(10))
                .group("g", dep("a", "m"));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).listener(new RouterListener() {
            @Override
            public void onRequestCompleted(RequestCompletedEvent event) {
                routes.add(event.route());
                completed.add(event.failure().orElse(null));
            }
        }).build()) {
            ChatStream s = r.stream(ask("g"));
            Iterator<ChatChunk> it = s.iterator();
            assertThat(it.next().text()).isEqualTo("a ");
            assertThat(r.health().deployment("g/a/m#0").orElseThrow().inFlight()).isEqualTo(1);
            s.close();
            s.close();
            assertThat(r.health().deployment("g/a/m#0").orElseThrow().inFlight()).isZero();
            assertThat(r.health().deployment("g/a/m#0").orElseThrow().circuit().failuresInWindow()).isZero();
            assertThatThrownBy(it::hasNext).isInstanceOf(RequestCancelledException.class);
        }
        assertThat(completed).singleElement().isInstanceOf(RequestCancelledException.class);
        assertThat(routes.get(0).attempts()).singleElement().satisfies(a -> assertThat(a.outcome()).isEqualTo(AttemptOutcome.CANCELLED));
    }

    @Test
    void theOverallDeadlineEndsAStreamBeingRead() {
        TestConfig c = TestConfig.create().mock("a", "response", "a b c d e f g h i j", "chunk_delay", Duration.ofMillis(150))
                .group("g", dep("a", "m"));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).build();
             ChatStream s = r.stream(ChatRequest.builder().model("g").user("hi")
                     .options(RequestOptions.builder().overallTimeout(Duration.ofMillis(400)).build()).build())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> read(s)).isInstanceOf(OverallTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1400));
        }
    }

    @Test
    void anAbandonedStreamIsSettledWhenTheOverallDeadlinePasses() throws Exception {
        TestConfig c = TestConfig.create().mock("a", "response", "a b c", "chunk_delay", Duration.ofMillis(10))
                .group("g", dep("a", "m"));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).build()) {
            ChatStream s = r.stream(ChatRequest.builder().model("g").user("hi")
                    .options(RequestOptions.builder().overallTimeout(Duration.ofMillis(200)).build()).build());
            assertThat(s.iterator().next().text()).isEqualTo("a ");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (r.health().deployment("g/a/m#0").orElseThrow().inFlight() != 0 && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertThat(r.health().deployment("g/a/m#0").orElseThrow().inFlight()).isZero();
        }
    }

    @Test
    void aStreamLimitHitBeforeAnythingVisibleIsRetriedNotAnInterruption() {
        // an adapter whose stream yields only an empty chunk and then ends in a stream idle timeout: the
        // caller has seen nothing, so the router fails over instead of reporting an interrupted stream
        TestConfig c = TestConfig.create().custom("a").mock("b", "response", "from b")
                .group("g", DeploymentConfig.builder("a", "m").build(),
                        DeploymentConfig.builder("b", "m").order(2).build());
        c.strategy = "ordered";
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", new ScriptedStreamAdapter(
                ChatChunk.builder().id("c").model("m").text("").build(),
                new StreamIdleTimeoutException("no chunk for PT1S", Duration.ofSeconds(1), "", null)))
                .build(); ChatStream s = r.stream(ask("g"))) {
            assertThat(s.response().text()).isEqualTo("from b");
            assertThat(s.response().route().attempts()).extracting(AttemptRecord::outcome).containsExactly(AttemptOutcome.TIMEOUT, AttemptOutcome.SUCCESS);
        }
    }

    @Test
    void aStreamWhoseFirstChunkIsAContentFilterStopIsAContentPolicyFailureForAnyAdapter() {
        // the router, not only the built-in adapters, turns a filtered stream with nothing delivered into a
        // ContentPolicyException, so content_policy_fallbacks apply as for a whole response
        TestConfig c = TestConfig.create().custom("a").group("g", dep("a", "m"))
                .mock("h", "response", "from h").group("h", dep("h", "m")).policyFallbacks("g", "h");
        ProviderAdapter filtered = new ScriptedStreamAdapter(ChatChunk.builder().id("c").model("m").text("").build(),
                ChatChunk.builder().id("c").model("m").text("").rawFinishReason("content_filter").build());
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", filtered).build();
             ChatStream s = r.stream(ask("g"))) {
            assertThat(s.response().text()).isEqualTo("from h");
            assertThat(s.response().route().attempts()).extracting(AttemptRecord::outcome)
                    .containsExactly(AttemptOutcome.CONTENT_POLICY, AttemptOutcome.SUCCESS);
        }
        ProviderAdapter late = new ScriptedStreamAdapter(ChatChunk.builder().id("c").model("m").text("Here is").build(),
                ChatChunk.builder().id("c").model("m").text("").rawFinishReason("content_filter").build());
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).adapter("a", late).build();
             ChatStream s = r.stream(ask("g"))) {
            assertThat(s.response().text()).isEqualTo("Here is");
            assertThat(s.response().finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
        }
    }

    /** A provider named "a" whose stream plays a script: each chunk is returned, each exception thrown, then the end. */
    private static final class ScriptedStreamAdapter implements ProviderAdapter {
        private final List<Object> steps;

        ScriptedStreamAdapter(Object... steps) {
            this.steps = List.of(steps);
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
            throw new UnsupportedOperationException("streams only");
        }

        @Override
        public ProviderStream stream(ChatRequest request, CallContext context) {
            Iterator<Object> it = steps.iterator();
            return new ProviderStream() {
                @Override
                public ChatChunk next() {
                    if (!it.hasNext()) {
                        return null;
                    }
                    Object step = it.next();
                    if (step instanceof RuntimeException e) {
                        throw e;
                    }
                    return (ChatChunk) step;
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

    @Test
    void aStreamCanBeIteratedOnlyOnce() {
        TestConfig c = TestConfig.create().mock("a").group("g", dep("a", "m"));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).build();
             ChatStream s = r.stream(ask("g"))) {
            read(s);
            assertThatThrownBy(s::iterator).isInstanceOf(IllegalStateException.class);
        }
    }
}
