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
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    private final ServerSocket server;
    private final ThreadFactory threads;
    private final int chunks;
    private final long gapNanos;
    private final boolean stamped;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong streams = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean closed;

    private SseStub(ServerSocket server, ThreadFactory threads, int chunks, Duration gap, boolean stamped) {
        this.server = server;
        this.threads = threads;
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
        SseStub stub = new SseStub(server, threads, chunks, gap, stamped);
        Thread acceptor = new Thread(stub::accept, THREAD_PREFIX + "acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        return stub;
    }

    /** The base URL of the OpenAI-style API, {@code http://127.0.0.1:<port>/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    /** Streams started so far. */
    public long streams() {
        return streams.get();
    }

    /** Connections accepted so far (a client that keeps its connections opens one per caller). */
    public long connections() {
        return connections.get();
    }

    /** Content chunks written so far. */
    public long chunksSent() {
        return sent.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                connections.incrementAndGet();
                open.add(s);
                threads.newThread(() -> serve(s)).start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("sse stub: accept failed: " + e);
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream(), 8192);
            OutputStream out = s.getOutputStream();
            while (!closed) {
                Request r = Request.read(in);
                if (r == null) {
                    return;
                }
                if (!r.post) {
                    writeWhole(out, ("{\"object\":\"list\",\"data\":[{\"id\":\"" + StubServer.MODEL
                            + "\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"bench\"}]}"));
                } else if (r.streaming) {
                    stream(out);
                } else {
                    pause(gapNanos * chunks);
                    writeWhole(out, "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1700000000,"
                            + "\"model\":\"" + StubServer.MODEL + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                            + "\"content\":\"" + (stamped ? "t=" + System.nanoTime() + " " : StubServer.ANSWER) + "\"},"
                            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":6,\"total_tokens\":18}}");
                }
            }
        } catch (IOException e) {
            // the client went away (a cancelled stream, the end of a run): nothing to report
        } finally {
            open.remove(s);
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
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** The parts of a request the stub looks at. */
    private record Request(boolean post, boolean streaming) {
        /** Reads one request (head and body); null at the end of the connection. */
        static Request read(InputStream in) throws IOException {
            String line = line(in);
            if (line == null) {
                return null;
            }
            boolean post = line.startsWith("POST");
            long length = 0;
            boolean chunked = false;
            String h;
            while ((h = line(in)) != null && !h.isEmpty()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            byte[] body = chunked ? chunkedBody(in) : in.readNBytes((int) length);
            return new Request(post, contains(body, STREAM_TRUE));
        }

        private static byte[] chunkedBody(InputStream in) throws IOException {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            while (true) {
                String size = line(in);
                int n = size == null ? 0 : Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while ((size = line(in)) != null && !size.isEmpty()) {
                        // trailers
                    }
                    return body.toByteArray();
                }
                body.write(in.readNBytes(n));
                line(in);
            }
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int n = sb.length();
                    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
                }
                sb.append((char) c);
            }
            return sb.length() == 0 ? null : sb.toString();
        }

        private static boolean contains(byte[] body, byte[] what) {
            // JSON writers differ in spacing: look for "stream" followed by true, ignoring blanks
            String s = new String(body, StandardCharsets.UTF_8).replace(" ", "");
            return s.contains(new String(what, StandardCharsets.US_ASCII));
        }
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
            System.out.println("port " + stub.server.getLocalPort());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
