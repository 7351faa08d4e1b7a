package dev.llmrouter.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.StreamHandler;
import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.spring.LlmRouterExecutor;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The router's observations keep the caller's observation as parent, also across the router's own threads. */
@Tag("unit")
class SpanParentTest {
    private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
    private ObservationRegistry registry;
    private LlmRouterExecutor executor;
    private LlmRouter router;

    @BeforeEach
    void setUp() {
        registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }
        });
        executor = new LlmRouterExecutor(Executors.newCachedThreadPool(), List.of(new ObservationTaskDecorator(registry)));
        router = LlmRouter.builder().config(ConfigLoader.fromString("""
                providers: {p: {type: mock, mock: {response: "hello there"}}}
                models: {chat: {deployments: [{provider: p, model: m1}]}}
                """, "spans.yaml")).executor(executor.executorService())
                .listener(new LlmRouterObservationListener(registry)).build();
    }

    @AfterEach
    void tearDown() {
        router.close();
        executor.close();
    }

    private static ChatRequest hello() {
        return ChatRequest.builder().model("chat").user("hi").build();
    }

    @Test
    void anAsyncCallOnTheRoutersThreadIsAChildOfTheCallersObservation() {
        Observation caller = Observation.start("caller", registry);
        try (Observation.Scope ignored = caller.openScope()) {
            router.chatAsync(hello()).join();
        }
        caller.stop();
        assertParents(caller);
    }

    @Test
    void aCallbackStreamIsAChildOfTheCallersObservation() {
        Observation caller = Observation.start("caller", registry);
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        try (Observation.Scope ignored = caller.openScope()) {
            router.stream(hello(), new StreamHandler() {
                @Override
                public void onChunk(ChatChunk chunk) {
                }

                @Override
                public void onComplete(ChatResponse response) {
                    done.complete(response);
                }

                @Override
                public void onError(LlmRouterException error) {
                    done.completeExceptionally(error);
                }
            });
        }
        assertThat(done.join().text()).isEqualTo("hello there");
        caller.stop();
        assertParents(caller);
    }

    @Test
    void withoutACallerTheRequestIsARoot() {
        router.chat(hello());
        Observation.Context request = named(LlmRouterObservationListener.REQUEST);
        assertThat(request.getParentObservation()).isNull();
        assertThat(request.getLowCardinalityKeyValue("llmrouter.outcome").getValue()).isEqualTo("success");
        assertThat(request.getContextualName()).isEqualTo("chat chat");
    }

    private void assertParents(Observation caller) {
        Observation.Context request = named(LlmRouterObservationListener.REQUEST);
        Observation.Context attempt = named(LlmRouterObservationListener.OPERATION);
        assertThat(request.getParentObservation()).isSameAs(caller);
        assertThat(attempt.getParentObservation().getContextView()).isSameAs(request);
        assertThat(attempt.getContextualName()).isEqualTo("chat m1");
        assertThat(attempt.getLowCardinalityKeyValue("gen_ai.provider.name").getValue()).isEqualTo("mock");
    }

    private Observation.Context named(String name) {
        return stopped.stream().filter(c -> name.equals(c.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no observation " + name + " in " + stopped));
    }
}
