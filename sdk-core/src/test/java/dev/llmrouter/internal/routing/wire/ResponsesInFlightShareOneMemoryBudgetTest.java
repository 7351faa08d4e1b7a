package dev.llmrouter.internal.routing.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.TimeSource;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.RequestCancelledException;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.config.Secret;
import dev.llmrouter.internal.provider.ProviderResources;
import dev.llmrouter.internal.provider.openai.OpenAiAdapter;
import dev.llmrouter.spi.provider.ProviderType;
import dev.llmrouter.testing.canary.SecretsCanary;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, defect 8: {@code max_response_bytes} bounded one call, but nothing bounded what all
 * calls in flight buffered together (32 concurrent 16 MiB answers exhausted a 256 MB heap, and the
 * resulting failures were held against healthy providers). The router now holds response bodies
 * in one router-wide budget: an answer that would go over it while others hold it fails as the
 * caller's own resource problem, a {@link RequestCancelledException} that no circuit counts, and
 * the budget is whole again once the answers are read.
 */
@Tag("integration")
class ResponsesInFlightShareOneMemoryBudgetTest {
    private static final int BUDGET = 512 * 1024;
    private static final int BIG = 300_000;

    private HttpServer slowServer;
    private HttpServer fastServer;
    private ExecutorService callers;
    private final CountDownLatch slowStarted = new CountDownLatch(1);
    private final CountDownLatch releaseSlow = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        slowServer = server();
        fastServer = server();
        byte[] big = answer("x".repeat(BIG));
        slowServer.createContext("/slow/v1/chat/completions", ex -> {
            // the first kilobyte, then the rest only when the test says so: the body is held in flight
            drain(ex);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, big.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(big, 0, 1024);
                out.flush();
                slowStarted.countDown();
                releaseSlow.await(30, TimeUnit.SECONDS);
                out.write(big, 1024, big.length - 1024);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        fastServer.createContext("/fast/v1/chat/completions", ex -> {
            drain(ex);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, big.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(big);
            }
        });
        slowServer.start();
        fastServer.start();
        callers = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void stop() {
        releaseSlow.countDown();
        callers.shutdownNow();
        for (HttpServer s : new HttpServer[] {slowServer, fastServer}) {
            s.stop(0);
            ((ExecutorService) s.getExecutor()).shutdownNow();
        }
    }

    private static HttpServer server() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setExecutor(Executors.newFixedThreadPool(2));
        return s;
    }

    private static void drain(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
    }

    private static byte[] answer(String text) {
        return ("{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}").getBytes(StandardCharsets.UTF_8);
    }

    private ProviderConfig provider(String name) {
        return ProviderConfig.builder(name, ProviderType.OPENAI_COMPATIBLE)
                .baseUrl("http://127.0.0.1:" + (name.equals("slow") ? slowServer : fastServer).getAddress().getPort()
                        + "/" + name + "/v1")
                .apiKey(Secret.of(SecretsCanary.OPENAI)).build();
    }

    private static ChatRequest ask(String model) {
        return ChatRequest.builder().model(model).user("hi").build();
    }

    @Test
    void anAnswerOverTheRouterWideBudgetFailsAsTheCallersOwnAndNoCircuitCountsIt() throws Exception {
        ProviderConfig slow = provider("slow");
        ProviderConfig fast = provider("fast");
        RouterConfig config = RouterConfig.builder().provider(slow).provider(fast)
                .model("slow", DeploymentConfig.of("slow", "m")).model("fast", DeploymentConfig.of("fast", "m"))
                .routerSettings(RouterSettings.builder().numRetries(0).build()).build();
        try (ProviderResources shared = ProviderResources.create(TimeSource.system(), BUDGET);
             LlmRouter router = LlmRouter.builder().config(config).adapter("slow", new OpenAiAdapter(slow, shared))
                     .adapter("fast", new OpenAiAdapter(fast, shared)).build()) {
            CompletableFuture<ChatResponse> held = CompletableFuture.supplyAsync(() -> router.chat(ask("slow")), callers);
            assertThat(slowStarted.await(30, TimeUnit.SECONDS)).isTrue();
            awaitHeld(shared, BIG);

            Throwable refused = catchThrowable(() -> router.chat(ask("fast")));

            assertThat(refused).isInstanceOf(RequestCancelledException.class)
                    .hasMessageContaining("budget of " + BUDGET + " bytes for responses in flight")
                    .hasMessageContaining("not held against the provider");
            assertThat(((LlmRouterException) refused).route().attempts()).hasSize(1);
            assertThat(router.healthSnapshot().deployment("fast/fast/m#0").orElseThrow().circuit().failuresInWindow())
                    .isZero();
            assertThat(router.healthSnapshot().deployment("fast/fast/m#0").orElseThrow().inFlight()).isZero();

            releaseSlow.countDown();
            assertThat(held.get(30, TimeUnit.SECONDS).text()).hasSize(BIG);
            assertThat(shared.budget().held()).isZero();
            assertThat(router.chat(ask("fast")).text()).hasSize(BIG);
            assertThat(shared.budget().held()).isZero();
            assertThat(router.healthSnapshot().deployment("slow/slow/m#0").orElseThrow().circuit().failuresInWindow())
                    .isZero();
        }
    }

    @Test
    void oneAnswerLargerThanTheWholeBudgetStillGetsThroughAlone() {
        ProviderConfig fast = provider("fast");
        RouterConfig config = RouterConfig.builder().provider(fast).model("fast", DeploymentConfig.of("fast", "m")).build();
        try (ProviderResources shared = ProviderResources.create(TimeSource.system(), 64 * 1024);
             LlmRouter router = LlmRouter.builder().config(config).adapter("fast", new OpenAiAdapter(fast, shared)).build()) {
            assertThat(router.chat(ask("fast")).text()).hasSize(BIG);
            assertThat(shared.budget().held()).isZero();
        }
    }

    /** Waits (bounded) until the slow call holds its body's bytes: the client reads asynchronously to the server. */
    private static void awaitHeld(ProviderResources resources, long atLeast) throws InterruptedException {
        for (int i = 0; i < 3000 && resources.budget().held() < atLeast; i++) {
            Thread.sleep(10);
        }
        assertThat(resources.budget().held()).as("bytes the slow call holds").isGreaterThanOrEqualTo(atLeast);
    }
}
