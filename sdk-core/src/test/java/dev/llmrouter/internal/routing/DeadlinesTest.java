package dev.llmrouter.internal.routing;

import dev.llmrouter.api.AttemptOutcome;
import dev.llmrouter.config.DeploymentConfig;
import static dev.llmrouter.internal.routing.TestConfig.dep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.OverallTimeoutException;
import dev.llmrouter.api.RequestCancelledException;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.api.RequestTimeoutException;
import dev.llmrouter.api.StreamIdleTimeoutException;
import dev.llmrouter.api.StreamTimeoutException;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.Timeouts;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ProviderType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** DESIGN 4.1: the five timeout layers, each clipped by the ones outside it. */
@Tag("unit")
class DeadlinesTest {
    private static final Duration S30 = Duration.ofSeconds(30);

    private static ChatRequest ask(String model) {
        return ChatRequest.builder().model(model).user("hi").build();
    }

    private static ChatRequest ask(String model, RequestOptions o) {
        return ChatRequest.builder().model(model).user("hi").options(o).build();
    }

    @Test
    void slowDeploymentHitsTheAttemptTimeoutThenTheNextAnswers() {
        ManualTimeSource clock = new ManualTimeSource();
        TestConfig c = TestConfig.create().mock("slow", "latency", Duration.ofSeconds(10)).mock("fast", "response", "fast")
                .group("g", DeploymentConfig.builder("slow", "m").build(),
                        DeploymentConfig.builder("fast", "m").order(2).build())
                .timeouts(Duration.ofMillis(300), Duration.ofSeconds(60), Duration.ofSeconds(120), S30,
                        Duration.ofSeconds(300));
        c.strategy = "ordered";
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).build()) {
            long start = clock.nanoTime();
            ChatResponse resp = r.chat(ask("g"));
            assertThat(resp.text()).isEqualTo("fast");
            assertThat(resp.route().attempts()).extracting(AttemptRecord::outcome).containsExactly(AttemptOutcome.TIMEOUT, AttemptOutcome.SUCCESS);
            assertThat(resp.route().attempts().get(0).latency()).isEqualTo(Duration.ofMillis(300));
            assertThat(clock.nanoTime() - start).isEqualTo(Duration.ofMillis(300).toNanos());
        }
    }

    @Test
    void requestTimeoutEndsTheGroupThenTheFallbackAnswers() {
        ManualTimeSource clock = new ManualTimeSource();
        TestConfig c = TestConfig.create().mock("a", "script", List.of("timeout")).mock("b", "script", List.of("timeout"))
                .mock("h", "response", "fallback")
                .group("g", dep("a", "m"), dep("b", "m")).group("h", dep("h", "m")).fallbacks("g", "h")
                .timeouts(Duration.ofMillis(400), Duration.ofSeconds(1), Duration.ofSeconds(120), S30,
                        Duration.ofSeconds(300))
                .noBackoffJitter(Duration.ofMillis(1));
        c.numRetries = 10;
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).build()) {
            ChatResponse resp = r.chat(ask("g"));
            assertThat(resp.text()).isEqualTo("fallback");
            assertThat(resp.route().fallbackGroups()).containsExactly("h");
            List<AttemptRecord> onG = resp.route().attempts().subList(0, resp.route().attempts().size() - 1);
            assertThat(onG).hasSize(3).allSatisfy(a -> assertThat(a.outcome()).isEqualTo(AttemptOutcome.TIMEOUT));
            // the third attempt had only what was left of the request's second
            assertThat(onG.get(2).latency()).isLessThan(Duration.ofMillis(400));
            // an attempt shortened by the request deadline is not held against its circuit
            var health = r.health();
            int counted = health.deployments().stream().filter(d -> d.group().equals("g"))
                    .mapToInt(d -> d.circuit().failuresInWindow()).sum();
            assertThat(counted).isEqualTo(2);
        }
    }

    @Test
    void requestTimeoutWithoutFallbackIsARequestTimeoutException() {
        ManualTimeSource clock = new ManualTimeSource();
        TestConfig c = TestConfig.create().mock("a", "script", List.of("timeout"))
                .group("g", dep("a", "m"))
                .timeouts(Duration.ofMillis(400), Duration.ofMillis(1000), Duration.ofSeconds(120), S30,
                        Duration.ofSeconds(300))
                .noBackoffJitter(Duration.ofMillis(1));
        c.numRetries = 10;
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).build()) {
            assertThatThrownBy(() -> r.chat(ask("g"))).isInstanceOfSatisfying(RequestTimeoutException.class, e -> {
                assertThat(e.limit()).isEqualTo(Duration.ofSeconds(1));
                assertThat(e.route().attempts()).hasSizeGreaterThanOrEqualTo(3);
            });
        }
    }

    @Test
    void effectiveAttemptLimitIsClippedByRequestAndOverall() {
        BlockingAdapter a = new BlockingAdapter("a");
        TestConfig c = TestConfig.create().custom("a")
                .group("g", dep("a", "m"))
                .timeouts(S30, Duration.ofSeconds(2), Duration.ofSeconds(120), S30, Duration.ofSeconds(300));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).adapter("a", a).build()) {
            a.releaseOk();
            r.chat(ask("g"));
            a.releaseOk();
            r.chat(ask("g", RequestOptions.builder().overallTimeout(Duration.ofMillis(900)).build()));
            a.releaseOk();
            try (ChatStream s = r.stream(ask("g", RequestOptions.builder().overallTimeout(Duration.ofMillis(800)).build()))) {
                s.response();
            }
        }
        assertThat(a.contexts.get(0).timeout()).isLessThanOrEqualTo(Duration.ofSeconds(2))
                .isGreaterThan(Duration.ofMillis(1900));
        assertThat(a.contexts.get(1).timeout()).isLessThanOrEqualTo(Duration.ofMillis(900));
        CallContext stream = a.contexts.get(2);
        assertThat(stream.timeout()).isLessThanOrEqualTo(Duration.ofMillis(800));
        assertThat(stream.streamTimeout()).hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(800)));
        assertThat(stream.idleTimeout()).hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(800)));
    }

    @Test
    void providerAttemptTimeoutOverridesTheDefaultAndTheRequestOverridesBoth() {
        BlockingAdapter a = new BlockingAdapter("a");
        TestConfig c = TestConfig.create().custom("a", b -> b.attemptTimeout(Duration.ofMillis(250)))
                .group("g", dep("a", "m"));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).adapter("a", a).build()) {
            a.releaseOk();
            r.chat(ask("g"));
            a.releaseOk();
            r.chat(ask("g", RequestOptions.builder().attemptTimeout(Duration.ofMillis(100)).build()));
        }
        assertThat(a.contexts.get(0).timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(a.contexts.get(1).timeout()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void overallTimerCancelsTheCallInFlightEvenIfTheAdapterIgnoresItsLimit() {
        BlockingAdapter a = new BlockingAdapter("a");
        TestConfig c = TestConfig.create().custom("a")
                .group("g", dep("a", "m"))
                .timeouts(S30, Duration.ofSeconds(60), Duration.ofSeconds(120), S30, Duration.ofMillis(400));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).adapter("a", a).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> r.chat(ask("g"))).isInstanceOfSatisfying(OverallTimeoutException.class, e -> {
                assertThat(e.limit()).isEqualTo(Duration.ofMillis(400));
                assertThat(e.route().attempts()).singleElement()
                        .satisfies(at -> assertThat(at.outcome()).isEqualTo(AttemptOutcome.TIMEOUT));
            });
            long took = System.nanoTime() - start;
            assertThat(Duration.ofNanos(took)).isGreaterThanOrEqualTo(Duration.ofMillis(390))
                    .isLessThan(Duration.ofMillis(1400));
            assertThat(a.cancellations).singleElement().isInstanceOf(OverallTimeoutException.class);
            // cancelled by the request's end: released, not held against the circuit
            assertThat(r.health().deployment("g/a/m#0").orElseThrow().inFlight()).isZero();
            assertThat(r.health().deployment("g/a/m#0").orElseThrow().circuit().failuresInWindow()).isZero();
        }
    }

    @Test
    void overallDeadlineHoldsAcrossRetriesAndFallbacks() {
        TestConfig c = TestConfig.create().mock("a", "script", List.of("timeout")).mock("b", "script", List.of("timeout"))
                .mock("h", "script", List.of("timeout"))
                .group("g", dep("a", "m"), dep("b", "m")).group("h", dep("h", "m")).fallbacks("g", "h")
                .timeouts(Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofSeconds(120), S30,
                        Duration.ofMillis(700))
                .noBackoffJitter(Duration.ofMillis(50));
        c.numRetries = 20;
        try (LlmRouter r = LlmRouter.builder().config(c.build()).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> r.chat(ask("g"))).isInstanceOf(OverallTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(700 + 600));
        }
    }

    @Test
    void aBackoffThatWouldPassTheDeadlineIsNotStarted() {
        ManualTimeSource clock = new ManualTimeSource();
        TestConfig c = TestConfig.create().mock("a", "script", List.of(500))
                .group("g", dep("a", "m"))
                .timeouts(S30, Duration.ofSeconds(5), Duration.ofSeconds(120), S30, Duration.ofSeconds(300))
                .noBackoffJitter(Duration.ofSeconds(10));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).build()) {
            long start = clock.nanoTime();
            assertThatThrownBy(() -> r.chat(ask("g"))).satisfies(e ->
                    assertThat(((dev.llmrouter.api.LlmRouterException) e).status()).isEqualTo(500));
            assertThat(clock.nanoTime() - start).isZero();
        }
    }

    @Test
    void theRouterWaitsTheBackoffOnTheClockWhenNoOtherDeploymentRemains() {
        ManualTimeSource clock = new ManualTimeSource();
        TestConfig c = TestConfig.create().mock("a", "script", List.of(500, "ok"))
                .group("g", dep("a", "m"))
                .noBackoffJitter(Duration.ofMillis(500));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).build()) {
            long start = clock.nanoTime();
            assertThat(r.chat(ask("g")).route().attempts()).hasSize(2);
            assertThat(clock.nanoTime() - start).isEqualTo(Duration.ofMillis(500).toNanos());
        }
    }

    @Test
    void theServersRetryHintIsUsedAndCapped() {
        ManualTimeSource clock = new ManualTimeSource();
        TestConfig c = TestConfig.create().mock("a", "script", List.of(503, "ok"), "retry_after", Duration.ofSeconds(3))
                .group("g", dep("a", "m"));
        c.backoff = new dev.llmrouter.config.Backoff(Duration.ofMillis(100), Duration.ofSeconds(8), 2.0, 0,
                Duration.ofSeconds(2));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).build()) {
            long start = clock.nanoTime();
            r.chat(ask("g"));
            assertThat(clock.nanoTime() - start).isEqualTo(Duration.ofSeconds(2).toNanos());
        }
    }

    @Test
    void streamFirstChunkTimeoutFailsOverBeforeTheCallerSeesAnything() {
        ManualTimeSource clock = new ManualTimeSource();
        TestConfig c = TestConfig.create().mock("slow", "latency", Duration.ofSeconds(5)).mock("fast", "response", "ok now")
                .group("g", DeploymentConfig.builder("slow", "m").build(),
                        DeploymentConfig.builder("fast", "m").order(2).build())
                .timeouts(Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofSeconds(120), S30,
                        Duration.ofSeconds(300));
        c.strategy = "ordered";
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).build();
             ChatStream s = r.stream(ask("g"))) {
            ChatResponse whole = s.response();
            assertThat(whole.text()).isEqualTo("ok now");
            assertThat(whole.route().attempts()).extracting(AttemptRecord::outcome).containsExactly(AttemptOutcome.TIMEOUT, AttemptOutcome.SUCCESS);
        }
    }

    @Test
    void streamIdleGapEndsInStreamIdleTimeoutWithThePartialText() {
        ManualTimeSource clock = new ManualTimeSource();
        TestConfig c = TestConfig.create().mock("a", "response", "one two three", "chunk_delay", Duration.ofSeconds(2))
                .group("g", dep("a", "m"))
                .timeouts(S30, Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofMillis(500),
                        Duration.ofSeconds(300));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).build();
             ChatStream s = r.stream(ask("g"))) {
            var it = s.iterator();
            assertThat(it.next().text()).isEqualTo("one ");
            assertThatThrownBy(it::hasNext).isInstanceOfSatisfying(StreamIdleTimeoutException.class, e -> {
                assertThat(e.partialText()).isEqualTo("one ");
                assertThat(e.limit()).isEqualTo(Duration.ofMillis(500));
                assertThat(e.route().deploymentId()).isNull();
                assertThat(e.route().attempts()).singleElement()
                        .satisfies(at -> assertThat(at.outcome()).isEqualTo(AttemptOutcome.STREAM_INTERRUPTED));
            });
        }
    }

    @Test
    void wholeStreamLongerThanTheStreamLimitEndsInStreamTimeout() {
        ManualTimeSource clock = new ManualTimeSource();
        TestConfig c = TestConfig.create().mock("a", "response", "a b c d e f g h", "chunk_delay", Duration.ofMillis(400))
                .group("g", dep("a", "m"))
                .timeouts(S30, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Duration.ofSeconds(300));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).build();
             ChatStream s = r.stream(ask("g"))) {
            StringBuilder seen = new StringBuilder();
            assertThatThrownBy(() -> s.forEach(ch -> seen.append(ch.text())))
                    .isInstanceOfSatisfying(StreamTimeoutException.class, e -> {
                        assertThat(e).isNotInstanceOf(StreamIdleTimeoutException.class);
                        assertThat(e.partialText()).isEqualTo(seen.toString()).isEqualTo("a b c ");
                    });
        }
    }

    @Test
    void cancellingTheFutureCancelsTheCallAndFreesItsAdmission() throws Exception {
        BlockingAdapter a = new BlockingAdapter("a");
        TestConfig c = TestConfig.create().custom("a")
                .group("g", dep("a", "m"));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).adapter("a", a).build()) {
            CompletableFuture<ChatResponse> f = r.chatAsync(ask("g"));
            assertThat(a.awaitCalls(1)).isTrue();
            assertThat(r.health().deployment("g/a/m#0").orElseThrow().inFlight()).isEqualTo(1);
            f.cancel(true);
            assertThat(f).isCancelled();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (a.cancellations.isEmpty() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertThat(a.cancellations).singleElement().isInstanceOf(RequestCancelledException.class);
            while (r.health().deployment("g/a/m#0").orElseThrow().inFlight() != 0 && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertThat(r.health().deployment("g/a/m#0").orElseThrow().inFlight()).isZero();
            assertThat(r.health().deployment("g/a/m#0").orElseThrow().circuit().failuresInWindow()).isZero();
        }
    }

    @Test
    void closingTheRouterEndsTheRequestsStillRunning() throws Exception {
        BlockingAdapter a = new BlockingAdapter("a");
        TestConfig c = TestConfig.create().custom("a").group("g", dep("a", "m"));
        LlmRouter r = LlmRouter.builder().config(c.build()).adapter("a", a).build();
        CompletableFuture<ChatResponse> f = r.chatAsync(ask("g"));
        assertThat(a.awaitCalls(1)).isTrue();
        r.close();
        assertThat(f).failsWithin(10, TimeUnit.SECONDS).withThrowableThat().havingCause()
                .isInstanceOf(RequestCancelledException.class).withMessageContaining("closed");
        assertThat(r.healthSnapshot().deployment("g/a/m#0").orElseThrow().inFlight()).isZero();
    }

    @Test
    void overallTimeoutWakesAWaitForAConcurrencySlot() throws Exception {
        BlockingAdapter a = new BlockingAdapter("a");
        TestConfig c = TestConfig.create().custom("a", b -> b.maxParallelRequests(1))
                .group("g", dep("a", "m"));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).adapter("a", a).build()) {
            CompletableFuture<ChatResponse> holder = r.chatAsync(ask("g"));
            assertThat(a.awaitCalls(1)).isTrue();
            long start = System.nanoTime();
            assertThatThrownBy(() -> r.chat(ask("g", RequestOptions.builder().overallTimeout(Duration.ofMillis(400))
                    .build()))).isInstanceOf(OverallTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(390))
                    .isLessThan(Duration.ofMillis(1400));
            assertThat(a.calls()).isEqualTo(1);
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            a.releaseOk();
            assertThat(holder.get(10, TimeUnit.SECONDS).text()).isEqualTo("from a");
        }
    }

    @Test
    void aQueuedRequestGetsTheSlotWhenItFrees() throws Exception {
        BlockingAdapter a = new BlockingAdapter("a");
        TestConfig c = TestConfig.create().custom("a", b -> b.maxParallelRequests(1))
                .group("g", dep("a", "m"));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).adapter("a", a).build()) {
            CompletableFuture<ChatResponse> first = r.chatAsync(ask("g"));
            assertThat(a.awaitCalls(1)).isTrue();
            CompletableFuture<ChatResponse> second = r.chatAsync(ask("g"));
            a.releaseOk();
            assertThat(first.get(10, TimeUnit.SECONDS).text()).isEqualTo("from a");
            assertThat(a.awaitCalls(1)).isTrue();
            a.releaseOk();
            assertThat(second.get(10, TimeUnit.SECONDS).route().attempts()).hasSize(1);
        }
    }
}
