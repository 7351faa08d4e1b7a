package dev.llmrouter.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The socket plumbing the benchmarks' hand-written HTTP/1.1 stubs ({@link SseStub},
 * {@link FaultyServer}) share: an accept loop on a daemon thread of its own, one thread per
 * connection from the stub's {@link ThreadFactory}, the set of open connections, and a close that
 * stops accepting and closes every connection. What a stub answers stays in the stub.
 *
 * <p>Thread-safe.
 */
final class StubSockets implements AutoCloseable {
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private volatile boolean closed;

    private StubSockets(ServerSocket listener) {
        this.listener = listener;
    }

    /**
     * Starts accepting on {@code listener} (already bound) on a daemon thread named {@code acceptorName}.
     * For each connection, {@code onAccept} runs on the acceptor thread (so per-connection set-up, such as
     * splitting a seeded random, happens in accept order) and returns what serves the connection, run
     * on a thread of {@code threads}; the socket is closed and forgotten when that returns or throws.
     */
    static StubSockets start(ServerSocket listener, String acceptorName, ThreadFactory threads,
                             Function<Socket, Connection> onAccept) {
        StubSockets sockets = new StubSockets(listener);
        Thread acceptor = new Thread(() -> sockets.acceptLoop(threads, onAccept), acceptorName);
        acceptor.setDaemon(true);
        acceptor.start();
        return sockets;
    }

    /** What serves one connection; an {@link IOException} just ends it (the client went away). */
    @FunctionalInterface
    interface Connection {
        void serve() throws IOException;
    }

    private void acceptLoop(ThreadFactory threads, Function<Socket, Connection> onAccept) {
        while (!closed) {
            try {
                Socket s = listener.accept();
                s.setTcpNoDelay(true);
                accepted.incrementAndGet();
                open.add(s);
                Connection c = onAccept.apply(s);
                threads.newThread(() -> run(s, c)).start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println(Thread.currentThread().getName() + ": accept failed: " + e);
                }
            }
        }
    }

    private void run(Socket s, Connection c) {
        try (s) {
            c.serve();
        } catch (IOException e) {
            // the client went away (a cancelled call, a deadline, the end of a run): nothing to answer
        } finally {
            open.remove(s);
        }
    }

    /** The local port. */
    int port() {
        return listener.getLocalPort();
    }

    /** The base URL of the OpenAI-style API, {@code http://127.0.0.1:<port>/v1}. */
    String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** True once {@link #close} was called. */
    boolean closed() {
        return closed;
    }

    /** Connections accepted so far. */
    long accepted() {
        return accepted.get();
    }

    /** Connections open now (accepted and not yet finished). */
    int openConnections() {
        return open.size();
    }

    /** Stops accepting and closes every open connection. Idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
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

    /**
     * The parts of an HTTP/1.1 request a stub looks at, read whole (head and body, by
     * {@code Content-Length} or chunked).
     *
     * @param post whether the method is {@code POST}
     * @param streaming whether the JSON body asks for a stream ({@code "stream": true}, any spacing)
     */
    record Request(boolean post, boolean streaming) {
        private static final int MAX_LINE = 8192;

        /** Reads one request; null at a clean end of the connection. */
        static Request read(InputStream in) throws IOException {
            String line = line(in);
            if (line == null) {
                return null;
            }
            boolean post = line.startsWith("POST ");
            long length = 0;
            boolean chunked = false;
            for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            byte[] body = chunked ? chunkedBody(in) : in.readNBytes((int) length);
            if (!chunked && body.length < length) {
                throw new SocketException("request body cut short");
            }
            // JSON writers differ in spacing: look for "stream" followed by true, ignoring blanks
            String text = new String(body, StandardCharsets.UTF_8).replace(" ", "");
            return new Request(post, text.contains("\"stream\":true"));
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
                if (sb.length() >= MAX_LINE) {
                    throw new SocketException("request line too long");
                }
                sb.append((char) c);
            }
            return sb.length() == 0 ? null : sb.toString();
        }
    }
}
