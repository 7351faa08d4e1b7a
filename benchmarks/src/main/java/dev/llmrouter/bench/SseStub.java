package dev.llmrouter.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback OpenAI-compatible server for the stream benchmarks, on plain sockets so that it costs
 * little per chunk and holds thousands of connections: HTTP/1.1 keep-alive, one handler thread per
 * connection (virtual threads when the JVM has them, else platform threads named
 * {@value #THREAD_PREFIX}..., so measurements can leave them out).
 *
 * <p>A POST whose body asks for {@code "stream":true} gets a chat completions SSE stream in the
 * shape OpenAI sends: a role-only chunk, {@code chunks} content chunks of a few tokens each (each
 * one HTTP chunk in its own socket write, {@code gap} apart; no gap means as fast as the socket
 * takes them), a finish chunk, a usage-only chunk and {@code [DONE]}. Any other POST gets one whole
 * chat completion after {@code gap} times {@code chunks}; a GET gets a one-model list. With
 * {@code stamped} every content chunk's text is {@code t=<System.nanoTime() at the write> }, so a
 * reader in another process on the same machine can measure the delay each chunk took (nanoTime is
 * the machine's monotonic clock).
 *
 * <p>Thread-safe; close it to stop. {@link #main} runs one as its own process.
 */
public final class SseStub implements AutoCloseable {
    /** The prefix of the stub's platform thread names. */
    public static final String THREAD_PREFIX = "sse-stub-";
    /** The text of every unstamped content chunk (a few tokens). */
    public static final String TOKENS = " lorem ipsum";
    /** What the stub sends as {@code x-request-id}. */
    public static final String REQUEST_ID = "req-bench";

    private static final byte[] HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
            + "x-request-id: " + REQUEST_ID + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final String PREFIX = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
            + "\"model\":\"" + StubServer.MODEL + "\",\"system_fingerprint\":\"fp_bench\",\"choices\":";
    private static final byte[] ROLE = event(PREFIX + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"logprobs\":null,\"finish_reason\":null}]}");
    private static final byte[] FINISH = event(PREFIX + "[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}");
    private static final byte[] USAGE = event(PREFIX + "[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":500,"
            + "\"total_tokens\":512}}");
    private static final byte[] DONE = event("[DONE]");
    private static final byte[] END = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT = event(content(TOKENS));
    private static final byte[] STREAM_TRUE = "\"stream\":true".getBytes(StandardCharsets.US_ASCII);

    private final int chunks;
    private final long gapNanos;
    private final boolean stamped;
    private final AtomicLong streams = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile StubSockets sockets;

    private SseStub(int chunks, Duration gap, boolean stamped) {
        this.chunks = chunks;
        this.gapNanos = gap.toNanos();
        this.stamped = stamped;
    }

    /**
     * Starts a stub on {@code 127.0.0.1} and a free port (or {@code port} when positive).
     *
     * @param chunks content chunks per stream (at least 1)
     * @param gap the pause before each content chunk; zero for none
     * @param stamped whether content chunks carry their send time instead of {@link #TOKENS}
     */
    public static SseStub start(int port, int chunks, Duration gap, boolean stamped) throws IOException {
        return start(port, chunks, gap, stamped, false);
    }

    /**
     * As {@link #start(int, int, Duration, boolean)}, with one virtual thread per connection when
     * {@code virtual} and the JVM has them (for thousands of connections; their CPU then shows up
     * on the JVM's carrier threads, so keep them out of a JVM whose CPU is measured).
     */
    public static SseStub start(int port, int chunks, Duration gap, boolean stamped, boolean virtual) throws IOException {
        if (chunks < 1 || gap.isNegative()) {
            throw new IllegalArgumentException("chunks must be at least 1 and gap not negative, got " + chunks + ", " + gap);
        }
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Math.max(0, port)), 16_384);
        ThreadFactory threads = virtual ? VirtualThreads.factoryOr(THREAD_PREFIX) : VirtualThreads.platform(THREAD_PREFIX);
        SseStub stub = new SseStub(chunks, gap, stamped);
        stub.sockets = StubSockets.start(server, THREAD_PREFIX + "acceptor", threads, s -> () -> stub.serve(s));
        return stub;
    }

    /** The base URL of the OpenAI-style API, {@code http://127.0.0.1:<port>/v1}. */
    public String baseUrl() {
        return sockets.baseUrl();
    }

    /** Streams started so far. */
    public long streams() {
        return streams.get();
    }

    /** Connections accepted so far (a client that keeps its connections opens one per caller). */
    public long connections() {
        return sockets.accepted();
    }

    /** Content chunks written so far. */
    public long chunksSent() {
        return sent.get();
    }

    private void serve(Socket s) throws IOException {
        InputStream in = new BufferedInputStream(s.getInputStream(), 8192);
        OutputStream out = s.getOutputStream();
        while (!sockets.closed()) {
            StubSockets.Request r = StubSockets.Request.read(in);
            if (r == null) {
                return;
            }
            if (!r.post()) {
                writeWhole(out, ("{\"object\":\"list\",\"data\":[{\"id\":\"" + StubServer.MODEL
                        + "\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"bench\"}]}"));
            } else if (r.streaming()) {
                stream(out);
            } else {
                pause(gapNanos * chunks);
                writeWhole(out, "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
                        + "\"model\":\"" + StubServer.MODEL + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                        + "\"content\":\"" + (stamped ? "t=" + System.nanoTime() + " " : StubServer.ANSWER) + "\"},"
                        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":6,\"total_tokens\":18}}");
            }
        }
    }

    private void stream(OutputStream out) throws IOException {
        streams.incrementAndGet();
        out.write(HEAD);
        out.write(ROLE);
        for (int i = 0; i < chunks; i++) {
            pause(gapNanos);
            out.write(stamped ? event(content("t=" + System.nanoTime() + " ")) : CONTENT);
            sent.incrementAndGet();
        }
        out.write(FINISH);
        out.write(USAGE);
        out.write(DONE);
        out.write(END);
        out.flush();
    }

    private static void writeWhole(OutputStream out, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static void pause(long nanos) {
        long until = System.nanoTime() + nanos;
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private static String content(String text) {
        return PREFIX + "[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"logprobs\":null,\"finish_reason\":null}]}";
    }

    /** One SSE event as one HTTP chunk. */
    private static byte[] event(String data) {
        byte[] e = ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
        byte[] head = (Integer.toHexString(e.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + e.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(e, 0, out, head.length, e.length);
        out[out.length - 2] = '\r';
        out[out.length - 1] = '\n';
        return out;
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        sockets.close();
    }

    /**
     * Runs a stub as its own process until killed. Options: {@code --chunks 50 --gap-ms 200
     * --stamped true --port 0}. Prints {@code port <n>} once listening.
     */
    public static void main(String[] args) throws Exception {
        int chunks = 50;
        long gapMs = 200;
        boolean stamped = true;
        int port = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--chunks" -> chunks = Integer.parseInt(args[i + 1]);
                case "--gap-ms" -> gapMs = Long.parseLong(args[i + 1]);
                case "--stamped" -> stamped = Boolean.parseBoolean(args[i + 1]);
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; known: --chunks, --gap-ms, --stamped, --port");
            }
        }
        try (SseStub stub = start(port, chunks, Duration.ofMillis(gapMs), stamped, true)) {
            System.out.println("port " + stub.sockets.port());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
