package dev.llmrouter.provider.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A one-connection HTTP server for the fault WireMock cannot stage: a connection reset in the
 * middle of a streamed body. It answers with {@code response} (status line, headers and the first
 * part of the body), waits until the test calls {@link #reset()} (so the client surely read that
 * part first: on Linux an RST discards data not yet read), then resets the connection.
 */
public final class ResettingServer implements AutoCloseable {
    private final ServerSocket server;
    private final CountDownLatch resetNow = new CountDownLatch(1);

    /** Starts serving {@code response} on a free loopback port. */
    public ResettingServer(String response) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> serve(response), "resetting-server");
        t.setDaemon(true);
        t.start();
    }

    /** The server's base URL. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Resets the connection now. */
    public void reset() {
        resetNow.countDown();
    }

    private void serve(String response) {
        try (Socket s = server.accept()) {
            byte[] buf = new byte[16384];
            int n = 0;
            while (!new String(buf, 0, n, StandardCharsets.ISO_8859_1).contains("\r\n\r\n") && n < buf.length) {
                int r = s.getInputStream().read(buf, n, buf.length - n);
                if (r < 0) {
                    return;
                }
                n += r;
            }
            OutputStream out = s.getOutputStream();
            out.write(response.getBytes(StandardCharsets.UTF_8));
            out.flush();
            resetNow.await(20, TimeUnit.SECONDS);
            s.setSoLinger(true, 0); // close() now sends RST instead of FIN
        } catch (IOException | InterruptedException ignored) {
            // the test observes the effect on the client side
        }
    }

    @Override
    public void close() throws IOException {
        reset();
        server.close();
    }
}
