package dev.llmrouter.internal.routing;

import dev.llmrouter.config.DeploymentConfig;
import static dev.llmrouter.internal.routing.TestConfig.dep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.RequestInfo;
import dev.llmrouter.spi.event.AttemptEndedEvent;
import dev.llmrouter.spi.event.AttemptStartedEvent;
import dev.llmrouter.spi.event.CacheHitEvent;
import dev.llmrouter.spi.event.FallbackEvent;
import dev.llmrouter.spi.event.RateLimitedEvent;
import dev.llmrouter.spi.event.RequestCompletedEvent;
import dev.llmrouter.spi.event.RetryEvent;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.config.CacheSettings;
import dev.llmrouter.config.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Every request event reaches the listener with the request's id and the caller's metadata. */
@Tag("unit")
class ListenerRequestInfoTest {
    private final ManualTimeSource clock = new ManualTimeSource();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<RequestInfo> infos = new CopyOnWriteArrayList<>();

    private final RouterListener listener = new RouterListener() {
        @Override
        public void onAttemptStarted(AttemptStartedEvent event) {
            seen(event.request(), "start");
        }

        @Override
        public void onAttemptEnded(AttemptEndedEvent event) {
            seen(event.request(), "end");
        }

        @Override
        public void onRetry(RetryEvent event) {
            seen(event.request(), "retry");
        }

        @Override
        public void onFallback(FallbackEvent event) {
            seen(event.request(), "fallback");
        }

        @Override
        public void onRateLimited(RateLimitedEvent event) {
            seen(event.request(), "rate_limited");
        }

        @Override
        public void onCacheHit(CacheHitEvent event) {
            seen(event.request(), "cache_hit");
        }

        @Override
        public void onRequestCompleted(RequestCompletedEvent event) {
            seen(event.request(), "completed");
        }
    };

    private void seen(RequestInfo request, String event) {
        infos.add(request);
        events.add(request.metadata().get("trace") + " " + event);
    }

    /** A request traced as {@code trace}: the user in the request's metadata, the trace in its options'. */
    private static ChatRequest ask(String trace, String text, boolean cache) {
        return ChatRequest.builder().model("g").user(text).metadata(Map.of("user", "u-" + trace, "trace", "overridden"))
                .options(RequestOptions.builder().cache(cache).metadata(Map.of("trace", trace)).build()).build();
    }

    /** The events since the last call, checked to belong to {@code trace} only; returns their kinds. */
    private Set<String> drain(String trace) {
        List<String> mine = new ArrayList<>(events);
        events.clear();
        assertThat(mine).isNotEmpty().allSatisfy(e -> assertThat(e).startsWith(trace + " "));
        assertThat(infos).allSatisfy(i -> {
            assertThat(i.metadata()).isEqualTo(Map.of("user", "u-" + trace, "trace", trace));
            assertThat(i.requestedModel()).isEqualTo("g");
            assertThat(i.id()).isEqualTo(infos.get(0).id());
        });
        infos.clear();
        Set<String> kinds = new TreeSet<>();
        mine.forEach(e -> kinds.add(e.substring(trace.length() + 1)));
        return kinds;
    }

    @Test
    void everyEventOfARequestCarriesItsIdAndTheCallersMetadata() {
        // g: a always fails, b allows one request a minute; g falls back to h
        TestConfig c = TestConfig.create().mock("a", "failure_rate", 1.0, "failure", 500).mock("b").mock("h")
                .group("g", DeploymentConfig.builder("a", "m").build(),
                        DeploymentConfig.builder("b", "m").order(2).limit(new RateLimit(1, null)).build())
                .group("h", dep("h", "m")).fallbacks("g", "h");
        c.strategy = "ordered";
        c.numRetries = 1;
        c.cache = CacheSettings.builder().enabled(true).ttl(Duration.ofMinutes(5)).maxEntries(100).build();
        Set<String> kinds = new TreeSet<>();
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).listener(listener).build()) {
            r.chat(ask("t1", "one", false)); // a fails, retried on b
            kinds.addAll(drain("t1"));
            r.chat(ask("t2", "two", true)); // a fails, b is over its rpm, a fails again, h answers (and fills the cache)
            kinds.addAll(drain("t2"));
            r.chat(ask("t3", "two", true)); // the cache answers
            kinds.addAll(drain("t3"));
        }
        assertThat(kinds).containsExactlyInAnyOrder("start", "end", "retry", "rate_limited", "fallback", "cache_hit",
                "completed");
    }

    @Test
    void aListenerOfThePlainFormStillHearsEveryEvent() {
        List<String> plain = new CopyOnWriteArrayList<>();
        TestConfig c = TestConfig.create().mock("a").group("g", dep("a", "m"));
        try (LlmRouter r = LlmRouter.builder().config(c.build()).timeSource(clock).listener(new RouterListener() {
            @Override
            public void onAttemptStarted(AttemptStartedEvent event) {
                plain.add("start");
            }

            @Override
            public void onRequestCompleted(RequestCompletedEvent event) {
                plain.add("completed");
            }
        }).build()) {
            r.chat(ask("t", "x", false));
        }
        assertThat(plain).containsExactly("start", "completed");
    }
}
