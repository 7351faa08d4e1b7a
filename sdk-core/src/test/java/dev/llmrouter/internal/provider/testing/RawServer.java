package dev.llmrouter.internal.provider.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-connection HTTP server for the faults WireMock cannot stage: a body cut short, a stream
 * that stalls, a connection reset in the middle of a streamed body. It reads the whole request
 * (head and {@code Content-Length} body), writes {@code response} as given (status line, headers and
 * the first part of the body), optionally waits until the test calls {@link #release()}, then ends
 * the connection: a reset or a plain close.
 *
 * <p>Holding matters for a reset: on Linux an RST discards data the client has not read yet, so
 * the test releases the server only after it read what it expects. Thread-safe.
 */
public final class RawServer implements AutoCloseable {
    /** How the server ends the connection once the response is written (and released, when it holds). */
    public enum Ending {
        /** A normal close (FIN). */
        CLOSE,
        /** A reset (RST). */
        RESET
    }

    private final ServerSocket server;
    private final CountDownLatch release = new CountDownLatch(1);

    /**
     * Starts serving {@code response} on a free loopback port.
     *
     * @param holdUntilReleased keep the connection open after the response until {@link #release()}
     *        (or {@link #close()}); at most 20 seconds
     */
    public RawServer(String response, boolean holdUntilReleased, Ending ending) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> serve(response, holdUntilReleased, ending), "raw-server");
        t.setDaemon(true);
        t.start();
    }

    /** A server that writes {@code response}, then holds the connection until {@link #release()} and resets it. */
    public static RawServer resettingOnRelease(String response) throws IOException {
        return new RawServer(response, true, Ending.RESET);
    }

    /** A chunked {@code 200} response head with {@code headers} (CRLF-terminated lines) and one chunk holding {@code chunk}. */
    public static String chunked200(String headers, String chunk) {
        return "HTTP/1.1 200 OK\r\n" + headers + "Transfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(chunk.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + chunk + "\r\n";
    }

    /** A loopback URL on which nothing listens (a port that was free a moment ago). */
    public static String unreachableUrl() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    /** The server's base URL. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Lets a holding server end the connection now. */
    public void release() {
        release.countDown();
    }

    private void serve(String response, boolean hold, Ending ending) {
        try (Socket s = server.accept()) {
            if (!readRequest(new BufferedInputStream(s.getInputStream()))) {
                return;
            }
            OutputStream out = s.getOutputStream();
            out.write(response.getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (hold) {
                release.await(20, TimeUnit.SECONDS);
            }
            if (ending == Ending.RESET) {
                s.setSoLinger(true, 0); // close() now sends RST instead of FIN
            }
        } catch (IOException | InterruptedException ignored) {
            // the test sees the effect on the client side
        }
    }

    /** Reads the request head and its body, so unread request bytes cannot turn a close into a reset. */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        long length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        in.skipNBytes(length);
        return true;
    }

    /** Releases a holding connection and stops accepting. */
    @Override
    public void close() throws IOException {
        release();
        server.close();
    }
}
