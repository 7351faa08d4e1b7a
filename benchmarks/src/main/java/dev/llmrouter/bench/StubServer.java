package dev.llmrouter.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for an OpenAI-compatible server: a JDK {@link HttpServer} bound to loopback on a free
 * port that answers every POST with the same chat completion and every GET (models list, health)
 * with a one-model list, on a fixed pool of handler threads whose names start with
 * {@value #THREAD_PREFIX} (so allocation measurements can leave them out). It reads each request
 * body in full, so connections are kept alive, and sets TCP_NODELAY (the JDK server's
 * {@code sun.net.httpserver.nodelay}, read once per JVM: start the first stub before anything else
 * uses the JDK server). Thread-safe; close it to stop.
 */
public final class StubServer implements AutoCloseable {
    /** The model name the stub reports. */
    public static final String MODEL = "bench-model";
    /** The assistant text of every answer. */
    public static final String ANSWER = "Hello from the stub.";
    /** The prefix of the stub's handler thread names. */
    public static final String THREAD_PREFIX = "stub-";

    private static final byte[] COMPLETION = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\","
            + "\"created\":1700000000,\"model\":\"" + MODEL + "\",\"system_fingerprint\":\"fp_bench\","
            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + ANSWER + "\","
            + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":6,\"total_tokens\":18}}")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] MODELS = ("{\"object\":\"list\",\"data\":[{\"id\":\"" + MODEL
            + "\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"bench\"}]}").getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService handlers;
    private final AtomicLong served = new AtomicLong();

    private StubServer(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    /**
     * Starts a stub on {@code 127.0.0.1} and a free port.
     *
     * @param handlerThreads the size of the handler pool (at least the number of client threads)
     */
    public static StubServer start(int handlerThreads) throws IOException {
        // without TCP_NODELAY the response's header and body writes meet delayed ACKs: ~40 ms per call
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(handlerThreads, r -> {
            Thread t = new Thread(r, THREAD_PREFIX + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        StubServer stub = new StubServer(server, pool);
        server.createContext("/", stub::handle);
        server.setExecutor(pool);
        server.start();
        return stub;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            byte[] body = "POST".equals(exchange.getRequestMethod()) ? COMPLETION : MODELS;
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            served.incrementAndGet();
        }
    }

    /** The base URL of the OpenAI-style API, {@code http://127.0.0.1:<port>/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Requests answered so far. */
    public long served() {
        return served.get();
    }

    /** Stops accepting, ends open exchanges and stops the handler threads. */
    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
