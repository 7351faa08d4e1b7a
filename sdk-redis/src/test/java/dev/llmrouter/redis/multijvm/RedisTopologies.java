package dev.llmrouter.redis.multijvm;

import dev.llmrouter.redis.testing.RedisServerProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Sentinel and Cluster set-ups of real processes on free loopback ports, for tests: a master with a
 * replica watched by three Sentinels, and a Cluster of three masters made with
 * {@code redis-cli --cluster create}. Each is closed with everything it started. Not thread-safe.
 */
final class RedisTopologies {
    private RedisTopologies() {
    }

    /** A {@code redis-sentinel} process with its own writable configuration file. */
    static final class SentinelProcess implements AutoCloseable {
        private final Path dir;
        private final int port;
        private final Process process;

        private SentinelProcess(Path dir, int port, Process process) {
            this.dir = dir;
            this.port = port;
            this.process = process;
        }

        static SentinelProcess start(String master, int masterPort) throws IOException, InterruptedException {
            Path dir = Files.createTempDirectory("llmrouter-sentinel-");
            int port = RedisServerProcess.freePort();
            Path conf = Files.writeString(dir.resolve("sentinel.conf"), """
                    port %d
                    bind 127.0.0.1
                    dir %s
                    logfile sentinel.log
                    sentinel monitor %s 127.0.0.1 %d 2
                    sentinel down-after-milliseconds %s 1000
                    sentinel failover-timeout %s 3000
                    sentinel parallel-syncs %s 1
                    """.formatted(port, dir, master, masterPort, master, master, master));
            Process p = new ProcessBuilder("redis-sentinel", conf.toString()).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            SentinelProcess s = new SentinelProcess(dir, port, p);
            await(() -> "+PONG".equals(s.tryPing()), 10, "sentinel on port " + port + " answers PING");
            return s;
        }

        int port() {
            return port;
        }

        private String tryPing() {
            try {
                return command(port, "PING");
            } catch (UncheckedIOException e) {
                return null;
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            deleteTree(dir);
        }
    }

    /** One master, one replica (in sync), three Sentinels watching them as {@code mymaster}. */
    static final class Sentinel implements AutoCloseable {
        final RedisServerProcess master;
        final RedisServerProcess replica;
        final List<SentinelProcess> sentinels = new ArrayList<>();

        Sentinel() throws IOException, InterruptedException {
            // diskless sync waits 5 s by default: a replica not in sync when the master dies loses everything
            master = RedisServerProcess.start("--repl-diskless-sync-delay", "0");
            replica = RedisServerProcess.start("--repl-diskless-sync-delay", "0", "--replicaof", "127.0.0.1",
                    Integer.toString(master.port()));
            await(() -> replica.cli("INFO", "replication").contains("master_link_status:up"), 20, "the replica in sync");
            for (int i = 0; i < 3; i++) {
                sentinels.add(SentinelProcess.start("mymaster", master.port()));
            }
            // every sentinel knows the replica and the other sentinels before a failover can be agreed
            await(() -> sentinels.stream().allMatch(s -> {
                String info = command(s.port(), "SENTINEL", "MASTER", "mymaster");
                return info != null;
            }) && sentinels.stream().allMatch(s -> sentinelsKnown(s.port()) >= 2 && replicasKnown(s.port()) >= 1),
                    30, "the sentinels to discover each other and the replica");
        }

        /** The port of the current master, as the first sentinel says. */
        int masterPort() {
            String out = cli(sentinels.get(0).port(), "SENTINEL", "get-master-addr-by-name", "mymaster");
            String[] lines = out.strip().split("\\R");
            return Integer.parseInt(lines[lines.length - 1].strip());
        }

        @Override
        public void close() throws InterruptedException {
            for (SentinelProcess s : sentinels) {
                s.close();
            }
            replica.close();
            master.close();
        }

        private static int sentinelsKnown(int port) {
            return fieldOf(cli(port, "SENTINEL", "MASTER", "mymaster"), "num-other-sentinels");
        }

        private static int replicasKnown(int port) {
            return fieldOf(cli(port, "SENTINEL", "MASTER", "mymaster"), "num-slaves");
        }

        private static int fieldOf(String flat, String field) {
            String[] lines = flat.strip().split("\\R");
            for (int i = 0; i + 1 < lines.length; i++) {
                if (lines[i].strip().equals(field)) {
                    return Integer.parseInt(lines[i + 1].strip());
                }
            }
            return -1;
        }
    }

    /** Three Cluster masters on free ports, slots spread by {@code redis-cli --cluster create}. */
    static final class Cluster implements AutoCloseable {
        final List<RedisServerProcess> nodes = new ArrayList<>();

        Cluster() throws InterruptedException {
            for (int i = 0; i < 3; i++) {
                nodes.add(RedisServerProcess.start("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "2000"));
            }
            List<String> cmd = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes.forEach(n -> cmd.add("127.0.0.1:" + n.port()));
            cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            String out = run(cmd);
            if (!out.contains("All 16384 slots covered")) {
                throw new IllegalStateException("redis-cli --cluster create failed:\n" + out);
            }
            await(() -> nodes.stream().allMatch(n -> n.cli("CLUSTER", "INFO").contains("cluster_state:ok")), 20,
                    "cluster_state:ok on every node");
        }

        /** The slot of {@code key}. */
        int slot(String key) {
            return Integer.parseInt(nodes.get(0).cli("CLUSTER", "KEYSLOT", key).strip());
        }

        /** Every key on every node (loopback test data only: KEYS is fine here). */
        List<String> keys(String pattern) {
            List<String> all = new ArrayList<>();
            for (RedisServerProcess n : nodes) {
                for (String k : n.cli("--no-raw", "KEYS", pattern).strip().split("\\R")) {
                    String key = k.replaceFirst("^\\d+\\) ", "").strip();
                    if (key.startsWith("\"") && key.endsWith("\"")) {
                        key = key.substring(1, key.length() - 1);
                    }
                    if (!key.isEmpty() && !key.equals("(empty array)")) {
                        all.add(key);
                    }
                }
            }
            return all;
        }

        @Override
        public void close() {
            nodes.forEach(RedisServerProcess::close);
        }
    }

    /** One command in RESP to a loopback port; the reply's first line (a bulk string's content). */
    static String command(int port, String... args) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\r') {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String cli(int port, String... args) {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd + " did not finish");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code condition} every 50 ms for up to {@code seconds}; fails naming {@code what}. */
    static void await(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not ready yet
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
    }

    private static void deleteTree(Path dir) {
        run(List.of("rm", "-rf", dir.toString()));
    }
}
