package dev.llmrouter.internal.routing;

import static dev.llmrouter.internal.routing.TestConfig.dep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.ModelNotFoundException;
import dev.llmrouter.api.StreamHandler;
import dev.llmrouter.api.UnknownModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RouterBasicsTest {

    private static LlmRouter router(TestConfig c) {
        return LlmRouter.builder().config(c.build()).timeSource(new ManualTimeSource()).build();
    }

    private static ChatRequest ask(String model) {
        return ChatRequest.builder().model(model).user("Write a haiku").build();
    }

    @Test
    void chatAnswersThroughTheMockAndCarriesTheRoute() {
        try (LlmRouter r = router(TestConfig.create().mock("demo-a", "response", "Hello from demo-a")
                .group("coder", dep("demo-a", "m1")).alias("c", "coder"))) {
            ChatResponse resp = r.chat(ask("c"));

            assertThat(resp.text()).isEqualTo("Hello from demo-a");
            assertThat(resp.route().requestedModel()).isEqualTo("c");
            assertThat(resp.route().group()).isEqualTo("coder");
            assertThat(resp.route().deploymentId()).isEqualTo("coder/demo-a/m1#0");
            assertThat(resp.route().provider()).isEqualTo("demo-a");
            assertThat(resp.route().providerModel()).isEqualTo("m1");
            assertThat(resp.route().attempts()).singleElement().satisfies(a -> {
                assertThat(a.succeeded()).isTrue();
                assertThat(a.httpStatus()).isEqualTo(200);
            });
            assertThat(resp.route().fallbackGroups()).isEmpty();
            assertThat(resp.route().cacheHit()).isFalse();
            assertThat(resp.usage().totalTokens()).isPositive();
        }
    }

    @Test
    void defaultReplyEchoesTheLastUserMessage() {
        try (LlmRouter r = router(TestConfig.create().mock("a").group("g", dep("a", "m")))) {
            assertThat(r.chat(ask("g")).text()).isEqualTo("mock reply to: Write a haiku");
        }
    }

    @Test
    void unknownModelFailsListingTheKnownNames() {
        try (LlmRouter r = router(TestConfig.create().mock("a").group("coder", dep("a", "m")).group("chat", dep("a", "m"))
                .alias("c", "coder"))) {
            assertThatThrownBy(() -> r.chat(ask("codr")))
                    .isInstanceOf(UnknownModelException.class)
                    .isInstanceOf(ModelNotFoundException.class)
                    .hasMessageContaining("unknown model 'codr'")
                    .hasMessageContaining("c, chat, coder")
                    .satisfies(e -> {
                        assertThat(((UnknownModelException) e).knownModels()).containsExactly("c", "chat", "coder");
                        assertThat(((LlmRouterException) e).route().requestedModel()).isEqualTo("codr");
                        assertThat(((LlmRouterException) e).attempts()).isEmpty();
                    });
        }
    }

    @Test
    void modelsListsTheGroupsInConfigurationOrder() {
        try (LlmRouter r = router(TestConfig.create().mock("a").group("zeta", dep("a", "m")).group("alpha", dep("a", "m")))) {
            assertThat(r.models()).containsExactly("zeta", "alpha");
        }
    }

    @Test
    void streamDeliversWordByWordAndAggregatesWithTheRoute() {
        try (LlmRouter r = router(TestConfig.create().mock("a", "response", "one two three").group("g", dep("a", "m")))) {
            List<String> texts = new ArrayList<>();
            ChatResponse whole;
            try (ChatStream s = r.stream(ask("g"))) {
                for (ChatChunk c : s) {
                    texts.add(c.text());
                }
                whole = s.response();
            }
            assertThat(texts).containsExactly("one ", "two ", "three", "");
            assertThat(whole.text()).isEqualTo("one two three");
            assertThat(whole.route().deploymentId()).isEqualTo("g/a/m#0");
            assertThat(whole.route().attempts()).singleElement().satisfies(a -> assertThat(a.succeeded()).isTrue());
            assertThat(whole.usage().completionTokens()).isPositive();
        }
    }

    @Test
    void responseReadsTheRestOfAStreamNotIterated() {
        try (LlmRouter r = router(TestConfig.create().mock("a", "response", "one two").group("g", dep("a", "m")));
             ChatStream s = r.stream(ask("g"))) {
            assertThat(s.response().text()).isEqualTo("one two");
        }
    }

    @Test
    void chatAsyncCompletesWithTheResponse() throws Exception {
        try (LlmRouter r = router(TestConfig.create().mock("a", "response", "async").group("g", dep("a", "m")))) {
            CompletableFuture<ChatResponse> f = r.chatAsync(ask("g"));
            assertThat(f.get(10, TimeUnit.SECONDS).text()).isEqualTo("async");
        }
    }

    @Test
    void chatAsyncFailsTheFutureForAnUnknownModel() {
        try (LlmRouter r = router(TestConfig.create().mock("a").group("g", dep("a", "m")))) {
            assertThat(r.chatAsync(ask("nope"))).failsWithin(10, TimeUnit.SECONDS)
                    .withThrowableThat().havingCause().isInstanceOf(UnknownModelException.class);
        }
    }

    @Test
    void callbackStreamCallsOnChunkThenOnCompleteOnce() throws Exception {
        try (LlmRouter r = router(TestConfig.create().mock("a", "response", "x y").group("g", dep("a", "m")))) {
            List<String> events = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            r.stream(ask("g"), new StreamHandler() {
                @Override
                public void onChunk(ChatChunk chunk) {
                    events.add("chunk:" + chunk.text());
                }

                @Override
                public void onComplete(ChatResponse response) {
                    events.add("complete:" + response.text());
                    done.countDown();
                }

                @Override
                public void onError(LlmRouterException error) {
                    events.add("error:" + error);
                    done.countDown();
                }
            });
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(events).containsExactly("chunk:x ", "chunk:y", "chunk:", "complete:x y");
        }
    }

    @Test
    void callbackStreamReportsAnUnknownModelToOnError() throws Exception {
        try (LlmRouter r = router(TestConfig.create().mock("a").group("g", dep("a", "m")))) {
            List<Object> seen = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            r.stream(ask("nope"), new StreamHandler() {
                @Override
                public void onChunk(ChatChunk chunk) {
                    seen.add(chunk);
                }

                @Override
                public void onComplete(ChatResponse response) {
                    seen.add(response);
                    done.countDown();
                }

                @Override
                public void onError(LlmRouterException error) {
                    seen.add(error);
                    done.countDown();
                }
            });
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).singleElement().isInstanceOf(UnknownModelException.class);
        }
    }

    @Test
    void closedRouterRefusesRequests() {
        LlmRouter r = router(TestConfig.create().mock("a").group("g", dep("a", "m")));
        r.close();
        r.close();
        assertThatThrownBy(() -> r.chat(ask("g"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
