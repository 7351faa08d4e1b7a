package dev.llmrouter.langchain4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A one-connection HTTP server that answers with SSE events and then holds the connection open
 * without sending more, until the client closes it: {@link #clientClosed} completes then. Shows
 * whether a cancelled stream really closes its connection (WireMock cannot hold a response half sent
 * without a fixed schedule).
 */
final class HangingSseServer implements AutoCloseable {
    private final ServerSocket server;
    final CompletableFuture<Void> clientClosed = new CompletableFuture<>();

    HangingSseServer(List<String> events) throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> serve(events), "hanging-sse");
        t.setDaemon(true);
        t.start();
    }

    /** The base URL of an OpenAI-compatible provider on this server. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    private void serve(List<String> events) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            skipRequest(in);
            StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n");
            events.forEach(e -> head.append("data: ").append(e).append("\n\n"));
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            // nothing more is sent: only the client can end this
            while (in.read() != -1) {
                // the client sends nothing more; a read returns -1 (or throws) when it closes
            }
            clientClosed.complete(null);
        } catch (IOException e) {
            clientClosed.complete(null);
        }
    }

    /** Reads the request head and its Content-Length body. */
    private static void skipRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            String h = head.toString(StandardCharsets.ISO_8859_1);
            if (h.endsWith("\r\n\r\n")) {
                for (String line : h.split("\r\n")) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                        in.readNBytes(Integer.parseInt(line.substring(15).trim()));
                    }
                }
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
