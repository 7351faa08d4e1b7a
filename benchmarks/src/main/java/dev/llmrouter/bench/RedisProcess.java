package dev.llmrouter.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback {@code redis-server} for the load run with shared state: started on a free port without
 * persistence (the benchmark measures the decision path, not the disk), and the two figures the
 * shared state adds to a call, measured on it: one round trip ({@code PING}, as
 * {@code redis-cli --latency} does) and the scripts' own time ({@code INFO commandstats}). Not
 * thread-safe.
 */
public final class RedisProcess implements AutoCloseable {
    private static final Pattern EVALSHA = Pattern.compile("cmdstat_evalsha:calls=(\\d+),usec=(\\d+),usec_per_call=([0-9.]+)");

    private static final Pattern READS = Pattern.compile("total_reads_processed:(\\d+)");
    private static final Pattern ANY_COMMAND = Pattern.compile("cmdstat_(\\w+):calls=(\\d+),usec=\\d+,usec_per_call=([0-9.]+)");

    private final int port;
    private final Process process;
    private final Path dir;

    private RedisProcess(int port, Process process, Path dir) {
        this.port = port;
        this.process = process;
        this.dir = dir;
    }

    /** Starts {@code redis-server} on a free loopback port and waits until it answers PING. */
    public static RedisProcess start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("bench-redis-");
        Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisProcess r = new RedisProcess(port, p, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
            }
            try {
                if (r.command("PING").equals("+PONG")) {
                    return r;
                }
            } catch (UncheckedIOException e) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        r.close();
        throw new IllegalStateException("redis-server on port " + port + " did not answer in 10 s");
    }

    /** A redis-server already running on {@code port} of 127.0.0.1 (started by the caller, who stops it). */
    public static RedisProcess attach(int port) {
        RedisProcess r = new RedisProcess(port, null, null);
        if (!r.command("PING").equals("+PONG")) {
            throw new IllegalStateException("no redis-server answers PING on 127.0.0.1:" + port);
        }
        return r;
    }

    /** Its port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Clears {@code INFO commandstats}. */
    public void resetStats() {
        command("CONFIG", "RESETSTAT");
    }

    /** {@code evalsha} since the last reset: calls and microseconds per call inside Redis. */
    public double[] evalshaStats() {
        Matcher m = EVALSHA.matcher(command("INFO", "commandstats"));
        return m.find() ? new double[] {Long.parseLong(m.group(1)), Double.parseDouble(m.group(3))} : new double[] {0, 0};
    }

    /**
     * Every command since the last reset, for {@code calls} client calls: name, calls per client call
     * and microseconds each inside Redis (for clients that do not run llmrouter's scripts).
     */
    public String commandSummary(long calls) {
        Matcher m = ANY_COMMAND.matcher(command("INFO", "commandstats"));
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            if (!m.group(1).equals("config")) {
                sb.append(String.format(Locale.ROOT, "%s%s %.2f per call, %s µs each", sb.isEmpty() ? "" : "; ", m.group(1),
                        Long.parseLong(m.group(2)) / (double) calls, m.group(3)));
            }
        }
        return sb.toString();
    }

    /** The median round trip of {@code samples} PINGs on one connection, in microseconds. */
    public double pingMedianMicros(int samples) {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] ping = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] reply = new byte[7];
            long[] t = new long[samples];
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                out.write(ping);
                out.flush();
                in.readNBytes(reply, 0, reply.length);
                t[i] = System.nanoTime() - t0;
            }
            Arrays.sort(t);
            return t[samples / 2] / 1000.0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One command; the reply as text (a bulk string's content, else its first line). */
    public String command(String... args) {
        try (Socket s = connect()) {
            StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            s.getOutputStream().write(b.toString().getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            String first = line(in);
            if (first.startsWith("$") && !first.equals("$-1")) {
                int n = Integer.parseInt(first.substring(1));
                return new String(in.readNBytes(n), StandardCharsets.UTF_8);
            }
            return first;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        s.setSoTimeout(5000);
        s.setTcpNoDelay(true);
        return s;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\r') {
            b.append((char) c);
        }
        in.read();
        return b.toString();
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String f : List.of("redis.log")) {
            dir.resolve(f).toFile().delete();
        }
        dir.toFile().delete();
    }

    /**
     * Read events Redis processed since the last reset ({@code INFO stats total_reads_processed}): one
     * per request a client sends, a pipeline of several commands included: the client round trips
     * (plus two for each connection of this class's probes: the command and the close).
     */
    public long readsProcessed() {
        Matcher m = READS.matcher(command("INFO", "stats"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** A line for the results: round trips and scripts per call, script time, and one round trip. */
    public String figures(long routerCalls) {
        // not the client's: the reset's connection closing, and this probe's own command
        double reads = (readsProcessed() - 2) / (double) Math.max(1, routerCalls);
        double[] e = evalshaStats();
        return String.format(Locale.ROOT, "Redis on loopback: round trip (PING) p50 %.1f µs; EVALSHA %.0f calls = %.2f per "
                + "llmrouter-redis call, %.1f µs each inside Redis (INFO commandstats usec_per_call); %.2f round trips per call"
                + " (INFO stats total_reads_processed)",
                pingMedianMicros(5000), e[0], routerCalls == 0 ? 0 : e[0] / routerCalls, e[1], reads);
    }
}
