package dev.llmrouter.internal.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-connection HTTP server for faults WireMock cannot express: it reads the request head,
 * writes {@code head}, then {@code body}, then (after {@link #release()} when asked to hold)
 * resets or closes the connection.
 */
final class RawServer implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;
    private final CountDownLatch release = new CountDownLatch(1);

    RawServer(String response, boolean holdUntilReleased, boolean reset) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(response, holdUntilReleased, reset), "raw-server");
        thread.setDaemon(true);
        thread.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    void release() {
        release.countDown();
    }

    private void serve(String response, boolean hold, boolean reset) {
        try (Socket s = server.accept()) {
            byte[] buf = new byte[8192];
            int n = 0;
            while (!new String(buf, 0, n, StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                int r = s.getInputStream().read(buf, n, buf.length - n);
                if (r < 0) {
                    return;
                }
                n += r;
            }
            OutputStream out = s.getOutputStream();
            out.write(response.getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (hold) {
                release.await(20, TimeUnit.SECONDS);
            }
            if (reset) {
                s.setSoLinger(true, 0);
            }
        } catch (IOException | InterruptedException ignored) {
            // the test sees the effect on the client side
        }
    }

    @Override
    public void close() throws IOException {
        release();
        server.close();
    }
}
