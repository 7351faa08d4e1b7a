package dev.llmrouter.internal.routing.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible HTTP/1.1 server on a plain socket, for what WireMock cannot do: close a
 * keep-alive connection once it has been idle a given time (uvicorn and llama.cpp close after 5 s),
 * or drop a request on a connection that already served one, as a server closing an idle connection
 * just as the request arrives does. Counts the requests it read in full and the connections it
 * accepted. One thread per connection; the test thread reads the counters.
 */
final class KeepAliveServer implements AutoCloseable {

    /** What the server does with a request it has read. */
    enum Mode {
        /** Answers and keeps the connection open. */
        ANSWER,
        /** Answers the first request of a connection; closes the connection, unanswered, on any later one. */
        DROP_ON_A_REUSED_CONNECTION,
        /** Closes the connection without answering, whatever the connection. */
        DROP_ALL
    }

    private final ServerSocket socket;
    private final Thread acceptor;
    private volatile Mode mode = Mode.ANSWER;
    /** A connection idle this long is closed by the server; 0: never. */
    private volatile int idleCloseMillis;
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Semaphore idleCloses = new Semaphore(0);

    KeepAliveServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "keep-alive-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The base URL of the OpenAI-compatible API. */
    String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
    }

    void mode(Mode m) {
        mode = m;
    }

    /** Closes a connection once it has waited this long for its next request (0: never). */
    void closeIdleConnectionsAfter(int millis) {
        idleCloseMillis = millis;
    }

    /** Requests read in full, answered or not. */
    int received() {
        return received.get();
    }

    /** Connections accepted. */
    int accepted() {
        return accepted.get();
    }

    /** Waits until the server has closed one more idle connection. */
    boolean awaitIdleClose() throws InterruptedException {
        return idleCloses.tryAcquire(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        socket.close();
        acceptor.join(5_000);
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                accepted.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "keep-alive-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                // the test closed the listening socket
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            for (int served = 0; ; served++) {
                int idle = idleCloseMillis;
                s.setSoTimeout(idle);
                String head;
                try {
                    head = readHead(in);
                } catch (SocketTimeoutException e) {
                    // idle for its keep-alive: close as uvicorn does, with a FIN, before any new request
                    idleCloses.release();
                    return;
                }
                if (head.isEmpty()) {
                    return;
                }
                s.setSoTimeout(0);
                byte[] body = in.readNBytes(contentLength(head));
                // counted once read in full: the request reached the server whatever happens next
                received.incrementAndGet();
                Mode m = mode;
                if (m == Mode.DROP_ALL || (m == Mode.DROP_ON_A_REUSED_CONNECTION && served > 0)) {
                    return;
                }
                answer(s.getOutputStream(), new String(body, StandardCharsets.UTF_8).contains("\"stream\":true"));
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void answer(OutputStream out, boolean stream) throws IOException {
        String body = stream
                ? Stubs.stream("hello")
                : "{\"id\":\"cmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"hello\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + (stream ? "text/event-stream" : "application/json")
                + "\r\nContent-Length: " + bytes.length + "\r\nConnection: keep-alive\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return matched < 4 ? "" : head.toString(StandardCharsets.US_ASCII);
    }
}
