package dev.llmrouter.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * An OpenAI-compatible provider on a plain socket that answers a streamed chat with one chunk and
 * then holds the connection open without ending the stream, so a test can see the moment the
 * router closes the connection ({@link #closedByClient()}): WireMock cannot tell that. Serves
 * one connection at a time on a daemon thread; {@link #close()} stops it.
 */
final class HeldStreamServer implements AutoCloseable {
    private static final String CHUNK = "data: {\"id\":\"h\",\"model\":\"m\",\"choices\":[{\"index\":0,"
            + "\"delta\":{\"content\":\"held0 \"}}]}\n\n";

    private final ServerSocket server;
    private final CompletableFuture<Void> closedByClient = new CompletableFuture<>();

    HeldStreamServer() {
        try {
            server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::serve, "held-stream-server");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Completes when the client closes (or resets) the connection of a chat request. */
    CompletableFuture<Void> closedByClient() {
        return closedByClient;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                String head = head(in);
                OutputStream out = s.getOutputStream();
                byte[] chunk = CHUNK.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // the request body, then nothing until the client goes away
                try {
                    while (in.read() >= 0) {
                        // discard
                    }
                } catch (IOException reset) {
                    // a reset is a close too
                }
                if (head.startsWith("POST")) {
                    closedByClient.complete(null);
                }
            } catch (IOException e) {
                // closed by close(), or one broken connection: serve the next
            }
        }
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            b.append((char) c);
            if (b.length() >= 4 && b.lastIndexOf("\r\n\r\n") == b.length() - 4) {
                break;
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
