package dev.llmrouter.cli.doctor;

import dev.llmrouter.config.RedisSettings;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The doctor's Redis check, in plain RESP over a socket (no client library in the CLI): AUTH when
 * a password is configured, {@code PING}, {@code INFO persistence} and {@code CONFIG GET save}
 * (persistence is on when AOF is enabled or RDB snapshots are scheduled), and {@code TIME} for the
 * clock check. Plain {@code redis://} only: for {@code rediss://} it says the check was skipped.
 * Stateless and thread-safe.
 */
final class RedisProbe {
    private static final int DEFAULT_PORT = 6379;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    /**
     * What the probe found.
     *
     * @param aof AOF enabled
     * @param rdbSave the RDB save schedule ("" when snapshots are off; null when CONFIG is not allowed)
     * @param serverTime Redis's clock
     */
    record Found(boolean aof, String rdbSave, Instant serverTime) {
        /** True when Redis keeps its data across a restart. */
        boolean persistent() {
            return aof || (rdbSave != null && !rdbSave.isBlank());
        }
    }

    private RedisProbe() {
    }

    /** {@code host:port} of the settings' URL, for messages (never the password). */
    static String address(RedisSettings settings) {
        URI uri = URI.create(settings.url());
        return uri.getHost() + ":" + (uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort());
    }

    /**
     * Connects and asks.
     *
     * @throws IOException when Redis cannot be reached or answers with an error
     */
    static Found probe(RedisSettings settings) throws IOException {
        URI uri = URI.create(settings.url());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort()),
                    (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            if (settings.passwordValue().isPresent()) {
                String password = settings.passwordValue().get().reveal();
                Object auth = settings.user() == null ? call(out, in, "AUTH", password) : call(out, in, "AUTH", settings.user(), password);
                if (auth instanceof RedisError e) {
                    throw new IOException("AUTH refused: " + e.message());
                }
            }
            Object pong = call(out, in, "PING");
            if (!"PONG".equals(pong)) {
                throw new IOException("PING answered " + describe(pong));
            }
            Object info = call(out, in, "INFO", "persistence");
            if (info instanceof RedisError e) {
                throw new IOException("INFO persistence refused: " + e.message());
            }
            boolean aof = String.valueOf(info).lines().anyMatch(l -> l.strip().equals("aof_enabled:1"));
            Object save = call(out, in, "CONFIG", "GET", "save");
            String rdb = save instanceof List<?> l && l.size() == 2 ? String.valueOf(l.get(1)) : null;
            Object time = call(out, in, "TIME");
            Instant now = time instanceof List<?> t && t.size() == 2
                    ? Instant.ofEpochSecond(Long.parseLong(String.valueOf(t.get(0))), Long.parseLong(String.valueOf(t.get(1))) * 1000)
                    : null;
            return new Found(aof, rdb, now);
        }
    }

    private static String describe(Object reply) {
        return reply instanceof RedisError e ? "error " + e.message() : String.valueOf(reply);
    }

    /** An error reply. */
    private record RedisError(String message) {
    }

    private static Object call(OutputStream out, InputStream in, String... args) throws IOException {
        ByteArrayOutputStream cmd = new ByteArrayOutputStream();
        cmd.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            cmd.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            cmd.writeBytes(b);
            cmd.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(cmd.toByteArray());
        out.flush();
        return read(in);
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                return new RedisError(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(n + 2);
                return new String(b, 0, n, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(read(in));
                }
                return items;
            }
            default:
                throw new IOException("not a Redis reply (" + (type < 0 ? "connection closed" : "type byte " + type) + ")");
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\r'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed in the middle of a reply");
            }
            sb.append((char) c);
        }
        in.read();
        return sb.toString();
    }
}
