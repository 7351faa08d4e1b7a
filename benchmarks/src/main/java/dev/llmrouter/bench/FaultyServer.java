package dev.llmrouter.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-compatible server on loopback that answers a chosen share of chat requests with a
 * fault: a connection reset (RST), a hang (no answer until the client goes away or
 * {@link #HANG_MILLIS}), a slow dribble (the answer in pieces {@link #DRIBBLE_PAUSE_MILLIS} apart),
 * HTTP 500, HTTP 429 with {@code retry-after}, or a malformed body; every other request gets a
 * good answer (JSON, or SSE when the body asks for {@code "stream":true}). Each fault kind is
 * equally likely. It speaks just enough HTTP/1.1 for OkHttp over raw sockets (that is what makes a
 * real reset possible), one daemon thread per connection, keep-alive. GETs (health probes, model
 * lists) always get a model list. Counts every chat request it reads, by what it answered.
 * {@link #refusingUrl()} gives a base URL nothing listens on (connection refused).
 * Thread-safe; close it to stop.
 */
public final class FaultyServer implements AutoCloseable {
    /** What a chat request was answered with. */
    public enum Answer { OK, RESET, HANG, DRIBBLE, ERROR_500, RATE_429, MALFORMED }

    /** The longest a hang lasts when the client stays (longer than any attempt timeout the soak uses). */
    public static final long HANG_MILLIS = 30_000;
    /** The pause between the pieces of a dribbled answer. */
    public static final long DRIBBLE_PAUSE_MILLIS = 150;

    private static final Answer[] FAULTS = {Answer.RESET, Answer.HANG, Answer.DRIBBLE, Answer.ERROR_500,
        Answer.RATE_429, Answer.MALFORMED};
    private static final String COMPLETION = "{\"id\":\"chatcmpl-soak\",\"object\":\"chat.completion\","
            + "\"created\":1700000000,\"model\":\"" + StubServer.MODEL + "\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"" + StubServer.ANSWER + "\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":6,\"total_tokens\":18}}";
    private static final String MODELS = "{\"object\":\"list\",\"data\":[{\"id\":\"" + StubServer.MODEL
            + "\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"soak\"}]}";

    private final double faultRate;
    private final SplittableRandom seed;
    private final Map<Answer, AtomicLong> answered = new EnumMap<>(Answer.class);
    private volatile StubSockets sockets;

    private FaultyServer(double faultRate, long seed) {
        this.faultRate = faultRate;
        this.seed = new SplittableRandom(seed);
        for (Answer a : Answer.values()) {
            answered.put(a, new AtomicLong());
        }
    }

    /**
     * Starts a server on {@code 127.0.0.1} and a free port.
     *
     * @param faultRate the share of chat requests answered with a fault, 0 to 1
     * @param seed the seed of the fault choice (one stream per connection is split from it)
     */
    public static FaultyServer start(double faultRate, long seed) throws IOException {
        if (!(faultRate >= 0 && faultRate <= 1)) {
            throw new IllegalArgumentException("faultRate must be between 0 and 1, got " + faultRate);
        }
        ServerSocket listener = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        FaultyServer server = new FaultyServer(faultRate, seed);
        server.sockets = StubSockets.start(listener, "faulty-accept-" + listener.getLocalPort(),
                VirtualThreads.platform("faulty-conn-"), server::accepted);
        return server;
    }

    /** A base URL on a loopback port nothing listens on: every connection is refused. */
    public static String refusingUrl() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        return "http://127.0.0.1:" + port + "/v1";
    }

    /** The base URL of the OpenAI-style API, {@code http://127.0.0.1:<port>/v1}. */
    public String baseUrl() {
        return sockets.baseUrl();
    }

    /** Chat requests read so far, by what they were answered with (a snapshot). */
    public Map<Answer, Long> answered() {
        Map<Answer, Long> copy = new EnumMap<>(Answer.class);
        answered.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Chat requests read so far, whatever they were answered with. */
    public long chatRequests() {
        return answered.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Connections open now (client connections this server has not seen closed). */
    public int openConnections() {
        return sockets.openConnections();
    }

    /** On the acceptor thread, in accept order: each connection gets its own split of the seed. */
    private StubSockets.Connection accepted(Socket s) {
        SplittableRandom random = seed.split();
        return () -> serve(s, random);
    }

    private void serve(Socket s, SplittableRandom random) throws IOException {
        InputStream in = new BufferedInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        while (!sockets.closed()) {
            StubSockets.Request r = StubSockets.Request.read(in);
            if (r == null) {
                return;
            }
            if (!r.post()) {
                write(out, 200, "application/json", MODELS, "");
                continue;
            }
            Answer a = random.nextDouble() < faultRate ? FAULTS[random.nextInt(FAULTS.length)] : Answer.OK;
            answered.get(a).incrementAndGet();
            if (!answer(s, in, out, a, r.streaming())) {
                return;
            }
        }
    }

    /** Answers one chat request; false when the connection is finished with. */
    private static boolean answer(Socket s, InputStream in, OutputStream out, Answer a, boolean stream)
            throws IOException {
        String good = stream ? sse() : COMPLETION;
        String type = stream ? "text/event-stream" : "application/json";
        switch (a) {
            case OK -> write(out, 200, type, good, "");
            case ERROR_500 -> write(out, 500, "application/json", error("server_error", "boom"), "");
            case RATE_429 -> write(out, 429, "application/json", error("rate_limit_error", "slow down"),
                    "retry-after: 1\r\n");
            case MALFORMED -> write(out, 200, type, stream ? "data: {\"id\":\"x\",\"choices\":[{\"delta\":\n\n"
                    : "{\"id\":\"chatcmpl-soak\",\"choices\":[{\"message\":", "");
            case DRIBBLE -> {
                byte[] body = good.getBytes(StandardCharsets.UTF_8);
                out.write(head(200, type, body.length, "").getBytes(StandardCharsets.US_ASCII));
                int piece = (body.length + 3) / 4;
                for (int off = 0; off < body.length; off += piece) {
                    sleep(DRIBBLE_PAUSE_MILLIS);
                    out.write(body, off, Math.min(piece, body.length - off));
                    out.flush();
                }
            }
            case RESET -> {
                s.setSoLinger(true, 0); // close with RST, not FIN
                return false;
            }
            case HANG -> {
                hang(s, in);
                return false;
            }
            default -> throw new IllegalStateException("unknown answer " + a);
        }
        return true;
    }

    /** Waits without answering until the client closes the connection or the hang is over. */
    private static void hang(Socket s, InputStream in) throws IOException {
        s.setSoTimeout(100);
        long until = System.nanoTime() + HANG_MILLIS * 1_000_000;
        while (System.nanoTime() < until) {
            try {
                if (in.read() < 0) {
                    return;
                }
            } catch (SocketTimeoutException e) {
                // still there: keep hanging
            }
        }
    }

    private static String sse() {
        StringBuilder sb = new StringBuilder();
        for (String w : StubServer.ANSWER.split(" ")) {
            sb.append(chunk("\"" + w + " \"", "null"));
        }
        return sb.append(chunk(null, "\"stop\"")).append("data: [DONE]\n\n").toString();
    }

    private static String chunk(String content, String finish) {
        return "data: {\"id\":\"cc-soak\",\"object\":\"chat.completion.chunk\",\"model\":\"" + StubServer.MODEL
                + "\",\"choices\":[{\"index\":0,\"delta\":" + (content == null ? "{}" : "{\"content\":" + content + "}")
                + ",\"finish_reason\":" + finish + "}]}\n\n";
    }

    private static String error(String type, String message) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":null}}";
    }

    private static void write(OutputStream out, int status, String type, String body, String extraHeaders)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(head(status, type, bytes.length, extraHeaders).getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    private static String head(int status, String type, int length, String extraHeaders) {
        return String.format(Locale.ROOT, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s\r\n",
                status, status == 200 ? "OK" : "Error", type, length, extraHeaders);
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Stops accepting and closes every open connection. */
    @Override
    public void close() {
        sockets.close();
    }
}
