package dev.llmrouter.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The side-by-side load run: starts one {@link StubServer} on loopback and drives, one after the
 * other with the same thread count, a raw OkHttp call (the floor), llmrouter, openai-java and
 * LangChain4j against it, then prints a markdown table (and the goal check for llmrouter).
 * Every client first runs once untimed for the warm-up time; then each measurement has its own
 * warm-up. Bounded: fixed times per client, so it stops by itself.
 *
 * <p>Options (all optional): {@code --threads 4,1} thread counts, {@code --warmup 5} and
 * {@code --measure 10} seconds per client, {@code --rounds 1} repetitions (each round rotates the
 * client order), {@code --clients raw,llmrouter,openai-java,langchain4j}, {@code --deployments 2}
 * in llmrouter's model group (all on one provider at the stub: every client talks to the same
 * server socket, so the server side is the same for all).
 */
public final class LoadComparison {
    private static final Map<String, BiFunction<String, Integer, BenchClient>> CLIENTS = new LinkedHashMap<>();

    static {
        CLIENTS.put("raw", (url, n) -> new RawOkHttpClient(url));
        CLIENTS.put("llmrouter", RouterClient::new);
        CLIENTS.put("openai-java", (url, n) -> new OpenAiJavaClient(url));
        CLIENTS.put("langchain4j", (url, n) -> new LangChain4jClient(url));
    }

    private LoadComparison() {
    }

    /** Runs the comparison; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        System.out.println(machine());
        System.out.printf(Locale.ROOT, "warm-up %d s, measured %d s per client; threads %s; rounds %d; "
                + "llmrouter group of %d deployments%n%n", o.warmup.toSeconds(), o.measure.toSeconds(),
                Arrays.toString(o.threads), o.rounds, o.deployments);
        int maxThreads = Arrays.stream(o.threads).max().orElse(1);
        try (StubServer stub = StubServer.start(Math.max(4, 2 * maxThreads))) {
            List<BenchClient> clients = new ArrayList<>();
            try {
                for (String name : o.clients) {
                    BenchClient c = CLIENTS.get(name).apply(stub.baseUrl(), o.deployments);
                    String text = c.call();
                    if (!text.contains(StubServer.ANSWER)) {
                        throw new IllegalStateException(c.name() + " answered '" + text + "'");
                    }
                    clients.add(c);
                }
                // one untimed pass over every client first, so the first one measured does not pay for
                // the JIT compiling the code they share (OkHttp, the JDK) on these two cores
                for (BenchClient c : clients) {
                    LoadRun.run(c, maxThreads, Duration.ZERO, o.warmup);
                }
                for (int threads : o.threads) {
                    List<LoadResult> results = new ArrayList<>();
                    for (int round = 0; round < o.rounds; round++) {
                        for (int i = 0; i < clients.size(); i++) {
                            BenchClient c = clients.get((i + round) % clients.size());
                            System.gc();
                            LoadResult r = LoadRun.run(c, threads, o.warmup, o.measure);
                            System.err.printf(Locale.ROOT, "  %s, %d thread(s), round %d: %.0f calls/s, p50 %.1f µs%n",
                                    r.client(), threads, round + 1, r.throughput(), r.p50());
                            results.add(r);
                        }
                    }
                    System.out.println(ResultTable.render(threads, results, o.rounds, clients.size()));
                }
            } finally {
                clients.forEach(BenchClient::close);
            }
        }
        System.out.println("load average after: " + loadAverage());
    }

    private static String machine() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var rt = ManagementFactory.getRuntimeMXBean();
        return String.format(Locale.ROOT, "machine: %d cores, %.1f GiB memory, %s %s (%s), JVM args %s%n"
                        + "load average before: %s", Runtime.getRuntime().availableProcessors(),
                os.getTotalMemorySize() / (1024.0 * 1024 * 1024), rt.getVmName(), rt.getVmVersion(),
                System.getProperty("java.vendor"), rt.getInputArguments(), loadAverage());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** The parsed command line. */
    private static final class Options {
        int[] threads = {4, 1};
        Duration warmup = Duration.ofSeconds(5);
        Duration measure = Duration.ofSeconds(10);
        int rounds = 1;
        int deployments = 2;
        List<String> clients = new ArrayList<>(CLIENTS.keySet());

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String key = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(key + " needs a value");
                }
                String v = args[++i];
                switch (key) {
                    case "--threads" -> o.threads = Arrays.stream(v.split(",")).mapToInt(s -> positive(key, s)).toArray();
                    case "--warmup" -> o.warmup = Duration.ofSeconds(positive(key, v));
                    case "--measure" -> o.measure = Duration.ofSeconds(positive(key, v));
                    case "--rounds" -> o.rounds = positive(key, v);
                    case "--deployments" -> o.deployments = positive(key, v);
                    case "--clients" -> {
                        o.clients = List.of(v.split(","));
                        for (String c : o.clients) {
                            if (!CLIENTS.containsKey(c)) {
                                throw new IllegalArgumentException("--clients: unknown client '" + c + "'; known: "
                                        + CLIENTS.keySet());
                            }
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + key
                            + "; known: --threads, --warmup, --measure, --rounds, --clients, --deployments");
                }
            }
            return o;
        }

        private static int positive(String key, String v) {
            int n;
            try {
                n = Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": not a number: '" + v + "'");
            }
            if (n < 1) {
                throw new IllegalArgumentException(key + ": must be at least 1, got " + n);
            }
            return n;
        }
    }
}
