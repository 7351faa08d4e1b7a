package dev.llmrouter.internal.routing;

import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.spi.routing.Deployment;
import static dev.llmrouter.internal.routing.TestConfig.dep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.api.Route;
import dev.llmrouter.config.CacheSettings;
import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.internal.provider.ProviderResources;
import dev.llmrouter.spi.provider.ProviderType;
import dev.llmrouter.internal.provider.mock.MockAdapter;
import dev.llmrouter.spi.state.CircuitState;
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
                    public void onCacheHit(String group, ChatRequest request) {
                        hits.add(group);
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
            public void onAttemptStarted(Deployment d, int attempt, boolean streaming) {
                events.add("start " + attempt + " " + d.provider());
            }

            @Override
            public void onAttemptEnded(Deployment d, AttemptRecord record, LlmRouterException failure) {
                events.add("end " + d.provider() + " " + record.outcome());
            }

            @Override
            public void onRetry(Deployment failed, int retry, Duration delay, LlmRouterException cause) {
                events.add("retry " + retry + " after " + failed.provider() + " in " + delay.toMillis() + "ms");
            }

            @Override
            public void onFallback(String from, String to, LlmRouterException cause) {
                events.add("fallback " + from + "->" + to);
            }

            @Override
            public void onCircuitStateChanged(Deployment d, CircuitState from, CircuitState to) {
                events.add("circuit " + d.provider() + " " + from + "->" + to);
            }

            @Override
            public void onRequestCompleted(Route route, LlmRouterException failure) {
                events.add("completed " + route.provider() + " " + (failure == null));
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
            public void onAttemptStarted(Deployment d, int attempt, boolean streaming) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void onRequestCompleted(Route route, LlmRouterException failure) {
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
            public void onRetry(Deployment failed, int retry, Duration delay, LlmRouterException cause) {
                retries.add(failed.provider() + " " + retry + " " + delay + " " + cause.status());
            }
        }).build()) {
            r.chat(ChatRequest.builder().model("g").user("x").build());
        }
        assertThat(retries).containsExactly("a 1 PT0S 500");
    }
}
