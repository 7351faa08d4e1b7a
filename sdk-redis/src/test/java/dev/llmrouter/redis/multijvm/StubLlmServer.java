package dev.llmrouter.redis.multijvm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One OpenAI-compatible chat server that every JVM of a test calls: it logs each request's arrival
 * (wall-clock millis and the caller's tag from the user message), so the log is the merged record
 * of what all routers admitted. It answers 200, or 500 while {@link #failing(boolean)}; with
 * {@link #hold()} requests wait until {@link #release()}, to keep a half-open probe in flight.
 * Thread-safe.
 */
public final class StubLlmServer implements AutoCloseable {
    private static final Pattern TAG = Pattern.compile("\"content\"\\s*:\\s*\"([^\"]*)\"");

    /** One request as it arrived. */
    public record Arrival(long epochMillis, String tag) {
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stub-llm");
        t.setDaemon(true);
        return t;
    });
    private final List<Arrival> arrivals = new ArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private volatile boolean failing;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    private StubLlmServer(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free loopback port. */
    public static StubLlmServer start() throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        StubLlmServer stub = new StubLlmServer(http);
        // any path ending in /chat/completions, so several providers can sit on one port under their own paths
        http.createContext("/", stub::chat);
        http.setExecutor(stub.pool);
        http.start();
        return stub;
    }

    /** The base URL a provider of type {@code openai_compatible} takes. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** A base URL under its own path ({@code .../NAME/v1}): a distinct server to the configuration's checks. */
    public String baseUrl(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name + "/v1";
    }

    /** Answer 500 (true) or 200 (false) from now on. */
    public void failing(boolean on) {
        this.failing = on;
    }

    /** Requests arriving from now on wait until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    /** Lets held requests (and later ones) through. */
    public void release() {
        gate.countDown();
    }

    /** Every arrival so far, in arrival order. */
    public synchronized List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    /** How many arrived so far. */
    public synchronized int count() {
        return arrivals.size();
    }

    /** Requests answered so far (200 or 500). */
    public int answered() {
        return answered.get();
    }

    /** Forgets the log. */
    public synchronized void clear() {
        arrivals.clear();
    }

    private void chat(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = TAG.matcher(body);
        String tag = "";
        while (m.find()) {
            tag = m.group(1);
        }
        synchronized (this) {
            arrivals.add(new Arrival(System.currentTimeMillis(), tag));
        }
        try {
            gate.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean fail = failing;
        String json = fail
                ? "{\"error\":{\"message\":\"stub failure\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"
                : "{\"id\":\"cmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        try {
            ex.sendResponseHeaders(fail ? 500 : 200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // the caller went away (killed JVM, cancelled attempt): nothing to answer
        } finally {
            answered.incrementAndGet();
            ex.close();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        pool.shutdownNow();
    }
}
