package dev.llmrouter.internal.routing.wire;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.FailureKind;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.RequestCancelledException;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.config.Timeouts;
import dev.llmrouter.internal.provider.testing.RawServer;
import dev.llmrouter.spi.provider.ProviderType;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, defect 4: an interrupt of the calling thread ends the call with
 * {@link RequestCancelledException}, frees the connection and leaves the thread's interrupt flag
 * set, in every phase: before the call, while connecting on a cold pool, while blocked reading a
 * whole answer (the attempt timeout is 20 s: the call must not wait for it), and while reading a
 * stream. The 20 s limits make a missed interrupt fail the test's bound, not pass slowly.
 */
@Tag("integration")
@Timeout(60)
class InterruptsEndTheCallTest {
    private static final Timeouts LONG = new Timeouts(Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofSeconds(40),
            Duration.ofSeconds(20), Duration.ofSeconds(60));
    private WireMockServer server;
    private OkHttpClient client;

    @BeforeEach
    void start() {
        server = Stubs.server();
        client = Stubs.client();
    }

    @AfterEach
    void stop() throws InterruptedException {
        // the cancelled call gives its connection back
        for (int i = 0; i < 200 && Stubs.busy(client) > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(Stubs.busy(client)).as("connections still in use").isZero();
        server.stop();
        Stubs.close(client);
    }

    private LlmRouter router(String baseUrl) {
        RouterConfig config = RouterConfig.builder()
                .provider(ProviderConfig.builder("p", ProviderType.OPENAI_COMPATIBLE).baseUrl(baseUrl).build())
                .model("g", DeploymentConfig.of("p", "m"))
                .routerSettings(RouterSettings.builder().numRetries(0).timeouts(LONG).build()).build();
        return LlmRouter.builder().config(config).httpClient(client).build();
    }

    private static ChatRequest ask() {
        return ChatRequest.builder().model("g").user("hi").build();
    }

    /** What a worker thread saw: the exception its call ended with, and its interrupt flag after. */
    private record Outcome(Throwable failure, boolean stillInterrupted) {
    }

    private static CompletableFuture<Outcome> runInterruptible(Consumer<Thread> started, ThrowingRunnable call) {
        CompletableFuture<Outcome> out = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                call.run();
                out.complete(new Outcome(null, Thread.currentThread().isInterrupted()));
            } catch (Throwable e) {
                out.complete(new Outcome(e, Thread.currentThread().isInterrupted()));
            }
        }, "interrupted-caller");
        t.start();
        started.accept(t);
        return out;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private void awaitRequestReceived() throws InterruptedException {
        for (int i = 0; i < 1000 && server.countRequestsMatching(postRequestedFor(urlEqualTo(Stubs.CHAT)).build())
                .getCount() == 0; i++) {
            Thread.sleep(5);
        }
    }

    private static void assertCancelledByInterrupt(Outcome o) {
        assertThat(o.failure()).isInstanceOf(RequestCancelledException.class)
                .hasMessageContaining("the calling thread was interrupted");
        assertThat(o.stillInterrupted()).as("the thread keeps its interrupt flag").isTrue();
    }

    @Test
    void anInterruptWhileBlockedReadingAWholeAnswerEndsTheCall() throws Exception {
        server.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.ok("late").withFixedDelay(20_000)));
        try (LlmRouter r = router(server.baseUrl() + "/v1")) {
            CompletableFuture<Outcome> f = runInterruptible(t -> {
                try {
                    awaitRequestReceived();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                t.interrupt();
            }, () -> r.chat(ask()));

            assertCancelledByInterrupt(f.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void anAlreadyInterruptedThreadIsRefusedAtOnce() throws Exception {
        server.stubFor(any(anyUrl()).willReturn(Stubs.ok("never asked")));
        try (LlmRouter r = router(server.baseUrl() + "/v1")) {
            CompletableFuture<Outcome> f = runInterruptible(t -> { }, () -> {
                Thread.currentThread().interrupt();
                r.chat(ask());
            });

            assertCancelledByInterrupt(f.get(10, TimeUnit.SECONDS));
            assertThat(server.getAllServeEvents()).isEmpty();
        }
    }

    @Test
    void anInterruptWhileReadingAStreamEndsIt() throws Exception {
        // the first chunk at once, then nothing until the server is released (20 s at most)
        try (RawServer raw = new RawServer(RawServer.chunked200("Content-Type: text/event-stream\r\n",
                Stubs.chunk("one", null)), true, RawServer.Ending.CLOSE); LlmRouter r = router(raw.url() + "/v1")) {
            CountDownLatch reading = new CountDownLatch(1);
            CompletableFuture<Outcome> f = runInterruptible(t -> {
                try {
                    assertThat(reading.await(20, TimeUnit.SECONDS)).isTrue();
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                t.interrupt();
            }, () -> {
                try (ChatStream s = r.stream(ask())) {
                    reading.countDown();
                    s.forEach(c -> { });
                }
            });

            Outcome o = f.get(10, TimeUnit.SECONDS);
            assertThat(o.failure()).isInstanceOf(LlmRouterException.class);
            assertThat(((LlmRouterException) o.failure()).failureKind()).isEqualTo(FailureKind.CANCELLED);
            assertThat(o.stillInterrupted()).isTrue();
        }
    }

    @Test
    void anInterruptWhileConnectingOnAColdPoolEndsTheCall() throws Exception {
        // a listener that never accepts, its backlog filled: a new connection hangs in connect
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(s);
                    } catch (java.io.IOException timedOut) {
                        s.close();
                        break;
                    }
                }
                try (LlmRouter r = router("http://127.0.0.1:" + full.getLocalPort() + "/v1")) {
                    CompletableFuture<Outcome> f = runInterruptible(t -> {
                        try {
                            Thread.sleep(300);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        t.interrupt();
                    }, () -> r.chat(ask()));

                    assertCancelledByInterrupt(f.get(9, TimeUnit.SECONDS));
                }
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }
}
