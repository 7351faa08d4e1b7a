package dev.llmrouter.redis.multijvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code redis-cli MONITOR} on one server: every command as Redis received it, in order, with its
 * origin ({@code [0 lua]} for a command a script ran, {@code [0 127.0.0.1:PORT]} for a client).
 * {@link #clientCommands()} first sends a marker through its own connection and waits for it, so
 * everything sent before the call is in. Thread-safe.
 */
final class Monitor implements AutoCloseable {
    private static final Set<String> CONNECTION_OR_TEST = Set.of("echo", "info", "config", "command", "keys", "hello",
            "auth", "select", "client");
    private static final Pattern LINE = Pattern.compile("^\\d+\\.\\d+ \\[\\d+ ([^\\]]+)\\] \"([^\"]+)\"(.*)$");

    private final int port;
    private final Process process;
    private final List<String[]> seen = new ArrayList<>();

    private Monitor(int port, Process process) {
        this.port = port;
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    Matcher m = LINE.matcher(line);
                    if (m.matches()) {
                        synchronized (seen) {
                            seen.add(new String[] {m.group(1), m.group(2).toLowerCase(java.util.Locale.ROOT), m.group(3)});
                            seen.notifyAll();
                        }
                    }
                }
            } catch (IOException e) {
                // monitor ended
            }
        }, "redis-monitor");
        reader.setDaemon(true);
        reader.start();
    }

    static Monitor start(int port) throws InterruptedException {
        try {
            Process p = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "MONITOR")
                    .redirectErrorStream(true).start();
            Monitor m = new Monitor(port, p);
            m.awaitMarker();
            m.reset();
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forgets what was seen so far. */
    void reset() {
        synchronized (seen) {
            seen.clear();
        }
    }

    /**
     * The names of the commands clients sent since the start or the last reset, in order: not a
     * script's own commands, not this class's markers, not {@code INFO}, {@code CONFIG} or {@code KEYS} (the test's
     * own probes, {@code COMMAND} from redis-cli), and not what a client sends once when it opens a
     * connection ({@code HELLO}, {@code AUTH}, {@code SELECT}, {@code CLIENT SETNAME}): the pool may open one
     * at any time (the deferred settles' sender and a caller each holding one), and that is no
     * round trip of a decision.
     */
    List<String> clientCommands() throws InterruptedException {
        awaitMarker();
        List<String> names = new ArrayList<>();
        synchronized (seen) {
            for (String[] s : seen) {
                if (!s[0].equals("lua") && !CONNECTION_OR_TEST.contains(s[1])) {
                    names.add(s[1]);
                }
            }
        }
        return names;
    }

    /**
     * The script calls clients sent since the start or the last reset, in order, each as its
     * arguments after the command name ({@code sha numkeys key... arg...}, unquoted).
     */
    List<List<String>> clientScripts() throws InterruptedException {
        awaitMarker();
        List<List<String>> calls = new ArrayList<>();
        synchronized (seen) {
            for (String[] s : seen) {
                if (!s[0].equals("lua") && s[1].startsWith("eval")) {
                    List<String> args = new ArrayList<>();
                    Matcher m = ARG.matcher(s[2]);
                    while (m.find()) {
                        args.add(m.group(1));
                    }
                    calls.add(args);
                }
            }
        }
        return calls;
    }

    private static final Pattern ARG = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private void awaitMarker() throws InterruptedException {
        String marker = "marker-" + UUID.randomUUID();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                Process echo = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port), "ECHO", marker)
                        .redirectErrorStream(true).start();
                echo.getInputStream().readAllBytes();
                echo.waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            synchronized (seen) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (System.nanoTime() < until) {
                    for (String[] s : seen) {
                        if (s[1].equals("echo") && s[2].contains(marker)) {
                            return;
                        }
                    }
                    seen.wait(100);
                }
            }
        }
        throw new AssertionError("MONITOR on port " + port + " did not show the marker");
    }

    @Override
    public void close() {
        process.destroy();
    }
}
