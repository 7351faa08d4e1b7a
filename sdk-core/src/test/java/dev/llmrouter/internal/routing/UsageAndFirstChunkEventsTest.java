package dev.llmrouter.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.spi.event.AttemptEndedEvent;
import dev.llmrouter.spi.event.FirstChunkEvent;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.spi.event.UsageEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The usage and first-chunk events that metrics listeners build token and latency meters from. */
@Tag("unit")
class UsageAndFirstChunkEventsTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Duration> firstChunks = new CopyOnWriteArrayList<>();

    private final RouterListener listener = new RouterListener() {
        @Override
        public void onUsage(UsageEvent e) {
            events.add("usage " + e.deployment().id() + " " + e.usage().promptTokens() + "/" + e.usage().completionTokens());
        }

        @Override
        public void onFirstChunk(FirstChunkEvent e) {
            events.add("first " + e.deployment().id());
            firstChunks.add(e.elapsed());
        }

        @Override
        public void onAttemptEnded(AttemptEndedEvent e) {
            events.add("end " + e.record().outcome().wireName());
        }
    };

    private LlmRouter router() {
        return LlmRouter.builder().config(ConfigLoader.fromString("""
                providers:
                  flaky: {type: mock, mock: {script: [500], response: "never"}}
                  p: {type: mock, mock: {response: "two words", usage: {prompt_tokens: 5, completion_tokens: 2}}}
                models:
                  g: {deployments: [{provider: p, model: m}]}
                  f: {deployments: [{provider: flaky, model: m}]}
                fallbacks: {f: [g]}
                router_settings: {num_retries: 0}
                """, "events.yaml")).listener(listener).build();
    }

    @Test
    void aWholeAnswerReportsItsUsageBeforeItsAttemptEnds() {
        try (LlmRouter router = router()) {
            router.chat(ChatRequest.builder().model("f").user("hi").build());
        }
        assertThat(events).containsExactly("end server_error", "usage g/p/m#0 5/2", "end success");
    }

    @Test
    void aStreamReportsItsFirstChunkThenItsUsageAtTheEnd() {
        try (LlmRouter router = router(); ChatStream s = router.stream(ChatRequest.builder().model("g").user("hi").build())) {
            for (ChatChunk ignored : s) {
                // read to the end
            }
        }
        assertThat(events).containsExactly("first g/p/m#0", "usage g/p/m#0 5/2", "end success");
        assertThat(firstChunks).singleElement().satisfies(d -> assertThat(d.isNegative()).isFalse());
    }
}
