package dev.llmrouter.redis.multijvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM running {@link RouterWorker} with this test's class path, started by the test
 * ({@code java -cp <java.class.path>}). Its output lines are queued as they come; {@link #kill9()}
 * sends SIGKILL. Used by one test thread; {@link #close()} ends the process.
 */
public final class WorkerJvm implements AutoCloseable {
    /** The outcome of one call, from a {@code DONE} line. */
    public record Done(String outcome, long millis, String tag) {
    }

    private final String name;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    /** BURST-END lines {@link #pollDone} read before {@link #nextDone} asked for them. */
    private int pendingEnds;

    private WorkerJvm(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
            lines.add("EOF");
        }, "worker-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a worker JVM on the YAML configuration {@code config}; does not wait for READY. */
    public static WorkerJvm start(String name, Path config) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // small and quick to start: 4 of them share 2 cores with the test and Redis
        List<String> cmd = List.of(java, "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.logFile=System.err",
                "-cp", System.getProperty("java.class.path"), RouterWorker.class.getName(), config.toString(), name);
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new WorkerJvm(name, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its name (also the prefix of its call tags). */
    public String name() {
        return name;
    }

    /** Waits for the line {@code expected}; fails on EOF or when {@code timeout} passes. */
    public void await(String expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = next(deadline);
            if (line.equals(expected)) {
                return;
            }
        }
    }

    /** The next {@code DONE} line, or null when {@code BURST-END} came first. */
    public Done nextDone(Duration timeout) throws InterruptedException {
        if (pendingEnds > 0) {
            pendingEnds--;
            return null;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = next(deadline);
            if (line.equals("BURST-END")) {
                return null;
            }
            if (line.startsWith("DONE ")) {
                String[] p = line.split(" ");
                return new Done(p[1], Long.parseLong(p[2]), p[3]);
            }
        }
    }

    /** The next {@code DONE} line if one comes within {@code wait}, else null (a {@code BURST-END} is kept for later). */
    public Done pollDone(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                return null;
            }
            if (line.equals("EOF")) {
                lines.add("EOF");
                throw new AssertionError("worker " + name + " exited; lines so far: " + seen);
            }
            seen.add(line);
            if (line.equals("BURST-END")) {
                pendingEnds++;
                return null;
            }
            if (line.startsWith("DONE ")) {
                String[] p = line.split(" ");
                return new Done(p[1], Long.parseLong(p[2]), p[3]);
            }
        }
    }

    /** Every {@code DONE} up to {@code BURST-END}. */
    public List<Done> awaitBurst(Duration timeout) throws InterruptedException {
        List<Done> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        Done d;
        while ((d = nextDone(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) != null) {
            all.add(d);
        }
        return all;
    }

    /** Sends one command line. */
    public void send(String command) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("worker " + name + " is gone", e);
        }
    }

    /** SIGKILL, as {@code kill -9}; waits for the exit. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private String next(long deadline) throws InterruptedException {
        String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
            throw new AssertionError("worker " + name + ": no expected line in time; lines so far: " + seen);
        }
        if (line.equals("EOF")) {
            lines.add("EOF");
            throw new AssertionError("worker " + name + " exited (" + (process.isAlive() ? "?" : process.exitValue())
                    + "); lines so far: " + seen);
        }
        seen.add(line);
        return line;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                send("quit");
            } catch (UncheckedIOException e) {
                // already gone
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
