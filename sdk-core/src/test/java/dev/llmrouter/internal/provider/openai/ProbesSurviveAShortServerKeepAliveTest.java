package dev.llmrouter.internal.provider.openai;

import static dev.llmrouter.internal.provider.testing.AdapterCalls.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.internal.provider.ProviderResources;
import dev.llmrouter.spi.provider.ModelInfo;
import dev.llmrouter.spi.provider.ProbeResult;
import dev.llmrouter.spi.provider.ProviderType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Found walking docs/operations.md (issue 14): vLLM (uvicorn) and llama.cpp close an idle
 * keep-alive connection after 5 s, exactly the interval of {@code llmrouter health --wait}. The next
 * probe went out on the pooled connection the server had closed, failed with "unexpected end of
 * stream", and the start gate reported a healthy server as down. A probe or model listing (a GET,
 * never a counted attempt) is sent again on a new connection; the server here closes every
 * connection after one answer, as a server whose keep-alive ran out does.
 */
@Tag("contract")
class ProbesSurviveAShortServerKeepAliveTest {
    private ServerSocket socket;
    private Thread acceptor;
    private final AtomicInteger answered = new AtomicInteger();
    private volatile CountDownLatch closed = new CountDownLatch(1);
    private ProviderResources resources;

    @BeforeEach
    void start() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "one-answer-per-connection");
        acceptor.setDaemon(true);
        acceptor.start();
        resources = ProviderResources.create();
    }

    @AfterEach
    void stop() throws Exception {
        resources.close();
        socket.close();
        acceptor.join(5_000);
    }

    @Test
    void aProbeOnAConnectionTheServerClosedIsSentAgainOnANewOne() throws Exception {
        OpenAiAdapter vllm = new OpenAiAdapter(ProviderConfig.builder("vllm-qwen", ProviderType.VLLM)
                .baseUrl("http://127.0.0.1:" + socket.getLocalPort()).allowInsecureHttp(true).build(), resources);

        assertThat(vllm.probe(ctx()).healthy()).isTrue();
        awaitClose();
        ProbeResult second = vllm.probe(ctx());
        assertThat(second.detail()).isEqualTo("ok");
        assertThat(second.healthy()).isTrue();
        awaitClose();
        assertThat(vllm.listModels(ctx())).containsExactly(ModelInfo.builder("m").contextWindow(0).loaded(true).build());
        assertThat(answered).hasValue(3);
    }

    private void awaitClose() throws InterruptedException {
        assertThat(closed.await(5, TimeUnit.SECONDS)).as("the server closed the connection").isTrue();
        closed = new CountDownLatch(1);
    }

    /** Answers one request per connection (advertising keep-alive), then closes it. */
    private void serve() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                String head = readHead(s.getInputStream());
                if (head.isEmpty()) {
                    continue;
                }
                String body = head.startsWith("GET /v1/models")
                        ? "{\"object\":\"list\",\"data\":[{\"id\":\"m\",\"object\":\"model\"}]}"
                        : "{}";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                // counted before the answer leaves: once the client has it, the test may read the count at once
                answered.incrementAndGet();
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                        + "\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                // the test closed the listening socket
            } finally {
                closed.countDown();
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
