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
 *
 * <p>Client {@code llmrouter-redis} (not in the default set) is the same router with its state in
 * Redis: the run starts a loopback {@code redis-server} for it (or uses the one on
 * {@code --redis-port PORT} of 127.0.0.1), and afterwards prints the round trip
 * and the scripts' time measured on that server, and the comparison with local state (issue 8: p50
 * at most the Redis work added, throughput at least 0.8x).
 */
public final class LoadComparison {
    private static final Map<String, BiFunction<String, Integer, BenchClient>> CLIENTS = new LinkedHashMap<>();

    private static final List<String> DEFAULT_CLIENTS = List.of("raw", "llmrouter", "openai-java", "langchain4j");
    private static final String SHARED = "llmrouter-redis";
    /** The Redis of the {@value #SHARED} client, started only when that client runs. */
    private static RedisProcess redis;
    private static int maxThreads = 1;

    static {
        CLIENTS.put("raw", (url, n) -> new RawOkHttpClient(url));
        CLIENTS.put("llmrouter", RouterClient::new);
        CLIENTS.put("openai-java", (url, n) -> new OpenAiJavaClient(url));
        CLIENTS.put("langchain4j", (url, n) -> new LangChain4jClient(url));
        CLIENTS.put(SHARED, (url, n) -> new RouterRedisClient(url, n, redis.port(), maxThreads));
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
        maxThreads = Arrays.stream(o.threads).max().orElse(1);
        if (o.clients.contains(SHARED)) {
            redis = o.redisPort > 0 ? RedisProcess.attach(o.redisPort) : RedisProcess.start();
        }
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
                    System.out.print(sharedVersusLocal(results));
                }
                if (redis != null) {
                    System.out.println(redisFigures(clients));
                }
            } finally {
                clients.forEach(BenchClient::close);
            }
        }
        if (redis != null) {
            redis.close();
        }
        System.out.println("load average after: " + loadAverage());
    }

    /** Per round: what shared state adds to the same router's p50, and its throughput against local state. */
    static String sharedVersusLocal(List<LoadResult> results) {
        StringBuilder sb = new StringBuilder();
        List<LoadResult> local = results.stream().filter(r -> r.client().equals("llmrouter")).toList();
        List<LoadResult> shared = results.stream().filter(r -> r.client().equals(SHARED)).toList();
        for (int i = 0; i < Math.min(local.size(), shared.size()); i++) {
            LoadResult l = local.get(i);
            LoadResult s = shared.get(i);
            double ratio = s.throughput() / l.throughput();
            sb.append(String.format(Locale.ROOT, "shared vs local state, round %d: p50 %+.1f µs, p99 %+.1f µs, "
                    + "throughput %.2fx (goal >= 0.80: %s)%n", i + 1, s.p50() - l.p50(), s.p99() - l.p99(), ratio,
                    ratio >= 0.8 ? "met" : "NOT met"));
        }
        return sb.append('\n').toString();
    }

    /** The Redis figures: 1,000 sequential calls of the shared client after a reset of the statistics. */
    private static String redisFigures(List<BenchClient> clients) {
        BenchClient shared = clients.stream().filter(c -> c.name().equals(SHARED)).findFirst().orElseThrow();
        redis.resetStats();
        for (int i = 0; i < 1000; i++) {
            shared.call();
        }
        return redis.figures(1000);
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
        int redisPort;
        List<String> clients = new ArrayList<>(DEFAULT_CLIENTS);

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
                    case "--redis-port" -> o.redisPort = positive(key, v);
                    case "--clients" -> {
                        o.clients = new ArrayList<>(List.of(v.split(",")));
                        for (String c : o.clients) {
                            if (!CLIENTS.containsKey(c)) {
                                throw new IllegalArgumentException("--clients: unknown client '" + c + "'; known: "
                                        + CLIENTS.keySet());
                            }
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + key
                            + "; known: --threads, --warmup, --measure, --rounds, --clients, --deployments, --redis-port");
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
