package dev.llmrouter.redis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} process for tests: started on a free loopback port in its own
 * temporary directory (its RDB/AOF files and log live there), stopped cleanly, killed with
 * {@code kill -9}, and restarted on the same port and directory (so persisted state comes back).
 * No Docker, no embedded fake.
 *
 * <p>Use it with try-with-resources; {@link #close()} kills the process and deletes the directory.
 * Extra arguments are passed to {@code redis-server} as written (for example
 * {@code "--appendonly", "yes"}). The server runs with {@code --save ""} and {@code --appendonly no}
 * unless the extra arguments say otherwise, so a test that needs persistence turns it on explicitly.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final String executable;
    private final Path dir;
    private final int port;
    private final List<String> extraArgs;
    private Process process;

    private RedisServerProcess(String executable, Path dir, int port, List<String> extraArgs) {
        this.executable = executable;
        this.dir = dir;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts {@code redis-server} on a free port with {@code extraArgs}, waiting until it answers PING. */
    public static RedisServerProcess start(String... extraArgs) {
        return startWith("redis-server", List.of(extraArgs));
    }

    /**
     * Starts {@code executable} (a redis-server compatible binary, e.g. {@code redis-server}) on a
     * free port with {@code extraArgs}, waiting until it answers PING. Retries on another port when
     * the chosen one was taken in between.
     */
    public static RedisServerProcess startWith(String executable, List<String> extraArgs) {
        Path dir;
        try {
            dir = Files.createTempDirectory("llmrouter-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        IllegalStateException last = null;
        for (int i = 0; i < 5; i++) {
            RedisServerProcess r = new RedisServerProcess(executable, dir, freePort(), extraArgs);
            try {
                r.launch();
                return r;
            } catch (IllegalStateException e) {
                r.kill9();
                last = e;
            }
        }
        deleteTree(dir);
        throw last;
    }

    /** A free loopback TCP port (whose cluster bus port, +10000, is free too). */
    public static int freePort() {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                int p = s.getLocalPort();
                if (p + 10000 <= 65535 && portFree(p + 10000)) {
                    return p;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port pair (p, p+10000) found");
    }

    private static boolean portFree(int p) {
        try (ServerSocket s = new ServerSocket(p, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The port it listens on (stays the same across restarts). */
    public int port() {
        return port;
    }

    /** Its data directory (RDB, AOF and log file). */
    public Path dir() {
        return dir;
    }

    /** {@code redis://127.0.0.1:PORT}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** True while the process is alive. */
    public boolean running() {
        return process != null && process.isAlive();
    }

    /** The process id, while running. */
    public long pid() {
        return process.pid();
    }

    /** Stops it with {@code SHUTDOWN NOSAVE}-like force: SIGTERM, then waits for the exit. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        await(process);
        process = null;
    }

    /**
     * Freezes it with SIGSTOP ({@code kill -STOP}): it keeps its connections and the kernel keeps
     * accepting and buffering what clients send, but it reads and answers nothing until
     * {@link #resume}; then it runs what it was sent meanwhile. A Redis frozen for an exact span,
     * unlike {@code DEBUG SLEEP}, which needs a client to start it and ends on its own.
     */
    public void pause() {
        signal("STOP");
    }

    /** Lets a {@link #pause}d server run again (SIGCONT). */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).redirectErrorStream(true).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling redis-server", e);
        }
    }

    /** Kills it with SIGKILL ({@code kill -9}): no shutdown, no final save; waits for the exit. */
    public void kill9() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        await(process);
        process = null;
    }

    /** Starts it again on the same port and directory (after {@link #stop} or {@link #kill9}). */
    public void restart() {
        if (running()) {
            throw new IllegalStateException("redis-server on port " + port + " is still running");
        }
        launch();
    }

    /**
     * Sends one command in RESP and returns the raw reply's first line (e.g. {@code +PONG},
     * {@code :3}, {@code $5}); a bulk string reply is returned as its content. For set-up and
     * assertions in tests that need no client library.
     */
    public String command(String... args) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
                b.append('$').append(bytes.length).append("\r\n").append(a).append("\r\n");
            }
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            String first = readLine(in);
            if (first.startsWith("$") && !first.equals("$-1")) {
                int n = Integer.parseInt(first.substring(1));
                byte[] body = in.readNBytes(n + 2);
                return new String(body, 0, n, StandardCharsets.UTF_8);
            }
            return first;
        } catch (IOException e) {
            throw new UncheckedIOException("redis command " + args[0] + " on port " + port + " failed", e);
        }
    }

    /** Runs {@code redis-cli -p PORT args...} and returns its standard output (for multi-line replies). */
    public String cli(String... args) {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("redis-cli " + String.join(" ", args) + " did not finish");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills the process (if running) and deletes its directory. */
    @Override
    public void close() {
        kill9();
        deleteTree(dir);
    }

    private void launch() {
        List<String> cmd = new ArrayList<>(List.of(executable, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--logfile", "redis.log", "--daemonize", "no"));
        if (!extraArgs.contains("--save")) {
            cmd.addAll(List.of("--save", ""));
        }
        if (!extraArgs.contains("--appendonly")) {
            cmd.addAll(List.of("--appendonly", "no"));
        }
        cmd.addAll(extraArgs);
        try {
            process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + executable + " (is it installed?): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(executable + " on port " + port + " exited with " + process.exitValue()
                        + ": " + log());
            }
            if (answersPing()) {
                return;
            }
            sleep(20);
        }
        throw new IllegalStateException(executable + " on port " + port + " did not answer PING within "
                + START_TIMEOUT.toSeconds() + " s: " + log());
    }

    private boolean answersPing() {
        try {
            String reply = command("PING");
            // while loading the AOF/RDB after a restart the server answers -LOADING
            return reply.equals("+PONG") || reply.startsWith("-NOAUTH");
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** The tail of its log file, for failure messages. */
    public String log() {
        try {
            Path f = dir.resolve("redis.log");
            if (!Files.exists(f)) {
                f = dir.resolve("stdout.log");
            }
            String all = Files.exists(f) ? Files.readString(f) : "";
            return all.length() > 2000 ? all.substring(all.length() - 2000) : all;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\r') {
                in.read();
                break;
            }
            b.append((char) c);
        }
        if (c < 0 && b.length() == 0) {
            throw new IOException("connection closed");
        }
        return b.toString();
    }

    private static void await(Process p) {
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting redis-server", e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
