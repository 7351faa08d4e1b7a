package dev.llmrouter.internal.routing;

import dev.llmrouter.config.DeploymentConfig;
import static dev.llmrouter.internal.routing.TestConfig.dep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.spi.event.AttemptEndedEvent;
import dev.llmrouter.spi.event.AttemptStartedEvent;
import dev.llmrouter.spi.event.CacheHitEvent;
import dev.llmrouter.spi.event.CircuitChangedEvent;
import dev.llmrouter.spi.event.FallbackEvent;
import dev.llmrouter.spi.event.RequestCompletedEvent;
import dev.llmrouter.spi.event.RetryEvent;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.config.CacheSettings;
import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.internal.provider.ProviderResources;
import dev.llmrouter.spi.provider.ProviderType;
import dev.llmrouter.internal.provider.mock.MockAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The response cache and the listener events. */
@Tag("unit")
class CacheAndListenerTest {
    private final ManualTimeSource clock = new ManualTimeSource();
    private final ProviderResources res = ProviderResources.create(clock);

    @AfterEach
    void close() {
        res.close();
    }

    private MockAdapter counting(String name) {
        return new MockAdapter(ProviderConfig.builder(name, ProviderType.MOCK).mock(Map.of("response", "cached?")).build(),
                res);
    }

    private static ChatRequest ask(String model, Boolean cache) {
        RequestOptions.Builder o = RequestOptions.builder();
        if (cache != null) {
            o.cache(cache);
        }
        return ChatRequest.builder().model(model).user("same question").options(o.build()).build();
    }

    private static TestConfig cached(boolean enabled, boolean groupDefault) {
        TestConfig c = TestConfig.create().mock("a").group(ModelGroupConfig.builder("g").deployment(dep("a", "m"))
                .cache(groupDefault).build()).alias("alias", "g");
        c.cache = CacheSettings.builder().enabled(enabled).ttl(Duration.ofMinutes(5)).maxEntries(100).build();
        return c;
    }

    @Test
    void aRequestThatOptsInIsAnsweredFromTheCacheTheSecondTime() {
        MockAdapter a = counting("a");
        List<String> hits = new CopyOnWriteArrayList<>();
        try (LlmRouter r = LlmRouter.builder().config(cached(true, false).build()).timeSource(clock).adapter("a", a)
                .listener(new RouterListener() {
                    @Override
                    public void onCacheHit(CacheHitEvent event) {
                        hits.add(event.group());
                    }
                }).build()) {
            ChatResponse first = r.chat(ask("g", true));
            ChatResponse second = r.chat(ask("alias", true));
            assertThat(second.text()).isEqualTo(first.text());
            assertThat(second.route().cacheHit()).isTrue();
            assertThat(second.route().attempts()).isEmpty();
            assertThat(second.route().requestedModel()).isEqualTo("alias");
            assertThat(a.calls()).isEqualTo(1);
            // not opted in: goes to the provider
            assertThat(r.chat(ask("g", null)).route().cacheHit()).isFalse();
            // other content: a miss
            assertThat(r.chat(ChatRequest.builder().model("g").user("another").options(RequestOptions.builder().cache(true)
                    .build()).build()).route().cacheHit()).isFalse();
            assertThat(a.calls()).isEqualTo(3);
        }
        assertThat(hits).containsExactly("g");
    }

    @Test
    void aGroupCanCacheByDefaultAndARequestCanOptOut() {
        MockAdapter a = counting("a");
        try (LlmRouter r = LlmRouter.builder().config(cached(true, true).build()).timeSource(clock).adapter("a", a).build()) {
            r.chat(ask("g", null));
            assertThat(r.chat(ask("g", null)).route().cacheHit()).isTrue();
            assertThat(r.chat(ask("g", false)).route().cacheHit()).isFalse();
            assertThat(a.calls()).isEqualTo(2);
        }
    }

    @Test
    void noCacheExistsUnlessEnabled() {
        MockAdapter a = counting("a");
        try (LlmRouter r = LlmRouter.builder().config(cached(false, true).build()).timeSource(clock).adapter("a", a).build()) {
            r.chat(ask("g", true));
            assertThat(r.chat(ask("g", true)).route().cacheHit()).isFalse();
            assertThat(a.calls()).isEqualTo(2);
        }
    }

    @Test
    void aStreamIsServedFromTheCacheAsOneChunkAndAStreamFillsIt() {
        MockAdapter a = counting("a");
        try (LlmRouter r = LlmRouter.builder().config(cached(true, true).build()).timeSource(clock).adapter("a", a).build()) {
            try (ChatStream s = r.stream(ask("g", null))) {
                assertThat(s.response().text()).isEqualTo("cached?");
            }
            try (ChatStream s = r.stream(ask("g", null))) {
                List<ChatChunk> chunks = new ArrayList<>();
                s.forEach(chunks::add);
                assertThat(chunks).singleElement().satisfies(c -> {
                    assertThat(c.text()).isEqualTo("cached?");
                    assertThat(c.rawFinishReason()).isEqualTo("stop");
                });
                assertThat(s.response().route().cacheHit()).isTrue();
            }
            assertThat(r.chat(ask("g", null)).route().cacheHit()).isTrue();
            assertThat(a.calls()).isEqualTo(1);
        }
    }

    @Test
    void listenersHearAttemptsRetriesFallbacksCircuitChangesAndCompletion() {
        List<String> events = new CopyOnWriteArrayList<>();
        TestConfig c = TestConfig.create().mock("a", "failure_rate", 1.0, "failure", 401).mock("b", "failure_rate", 1.0,
                        "failure", 500).mock("h", "response", "ok")
                .group("g", DeploymentConfig.builder("a", "m").build(),
                        DeploymentConfig.builder("b", "m").order(2).build())
                .group("h", dep("h", "m")).fallbacks("g", "h");
        c.strategy = "ordered";
        c.numRetries = 1;
        RouterListener l = new RouterListener() {
            @Override
            public void onAttemptStarted(AttemptStartedEvent event) {
                events.add("start " + event.attempt() + " " + event.deployment().provider());
            }

            @Override
            public void onAttemptEnded(AttemptEndedEvent event) {
                events.add("end " + event.deployment().provider() + " " + event.record().outcome().wireName());
            }

            @Override
            public void onRetry(RetryEvent event) {
                events.add("retry " + event.retry() + " after " + event.failed().provider() + " in " + event.delay().toMillis() + "ms");
            }

            @Override
            public void onFallback(FallbackEvent event) {
                events.add("fallback " + event.fromGroup() + "->" + event.toGroup());
            }

            @Override
            public void onCircuitStateChanged(CircuitChangedEvent event) {
                events.add("circuit " + event.deployment().provider() + " " + event.from() + "->" + event.to());
            }

            @Override
            public void onRequestCompleted(RequestCompletedEvent event) {
                events.add("completed " + event.route().provider() + " " + event.failure().isEmpty());
            }
        };
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).listener(l).build()) {
            assertThat(r.chat(ChatRequest.builder().model("g").user("x").build()).text()).isEqualTo("ok");
        }
        assertThat(events).containsExactly(
                "start 1 a", "circuit a CLOSED->OPEN", "end a authentication",
                "fallback g->h",
                "start 2 h", "end h success", "completed h true");
    }

    @Test
    void aFailingListenerNeverChangesTheOutcome() {
        TestConfig c = TestConfig.create().mock("a").group("g", dep("a", "m"));
        RouterListener boom = new RouterListener() {
            @Override
            public void onAttemptStarted(AttemptStartedEvent event) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onRequestCompleted(RequestCompletedEvent event) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).listener(boom).build()) {
            assertThat(r.chat(ChatRequest.builder().model("g").user("x").build()).text()).startsWith("mock reply");
        }
    }

    @Test
    void aRetryOnAnotherDeploymentIsAnnouncedWithZeroDelay() {
        List<String> retries = new CopyOnWriteArrayList<>();
        TestConfig c = TestConfig.create().mock("a", "failure_rate", 1.0, "failure", 500).mock("b")
                .group("g", DeploymentConfig.builder("a", "m").build(),
                        DeploymentConfig.builder("b", "m").order(2).build());
        c.strategy = "ordered";
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).listener(new RouterListener() {
            @Override
            public void onRetry(RetryEvent event) {
                retries.add(event.failed().provider() + " " + event.retry() + " " + event.delay() + " " + event.cause().status());
            }
        }).build()) {
            r.chat(ChatRequest.builder().model("g").user("x").build());
        }
        assertThat(retries).containsExactly("a 1 PT0S 500");
    }
}
