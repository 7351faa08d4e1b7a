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
import java.util.function.ToDoubleFunction;

/**
 * The side-by-side stream run (issue 10, section 2): for each case, one {@link SseStub} on loopback
 * and, one after the other, every {@link StreamClients} client streaming from it; then a markdown
 * table per case with each client's chunks per CPU-second, CPU and allocation per content chunk and
 * time to the first content chunk, each against raw OkHttp reading the lines (the floor), and the
 * goal check for llmrouter. Several rounds rotate the client order; the table shows each client's
 * medians, and the ratios are medians of each round's ratio to that round's raw run. Optionally it
 * first measures the whole chat's p50 overhead (llmrouter against raw OkHttp, one thread, on
 * {@link StubServer}), the bound for the first-chunk overhead. Stops by itself.
 *
 * <p>Cases: {@code fast} (500 chunks, no gaps, 1 caller), {@code gaps} (100 chunks 10 ms apart, 16
 * callers), {@code long} (5,000 chunks, no gaps, 1 caller: per-chunk costs must not grow with the
 * length). Options: {@code --cases fast,gaps,long --clients raw,okhttp-sse,llmrouter,openai-java,langchain4j
 * --rounds 3 --warmup 2 --measure 4 --chat-seconds 4 --warmup-streams 0} (0 skips the chat; {@code --warmup-streams N}
 * first streams N short answers with each client, so per-stream code is compiled before long streams are timed).
 */
public final class StreamComparison {
    /** One stream shape. */
    record Case(String name, int chunks, int gapMillis, int callers) {
    }

    static final Map<String, Case> CASES = new LinkedHashMap<>();

    static {
        CASES.put("fast", new Case("fast", 500, 0, 1));
        CASES.put("gaps", new Case("gaps", 100, 10, 16));
        CASES.put("long", new Case("long", 5_000, 0, 1));
    }

    private StreamComparison() {
    }

    /** Runs the comparison; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        System.out.println(machine());
        System.out.printf(Locale.ROOT, "cases %s, clients %s, rounds %d, warm-up %d s and measured %d s per client%n%n",
                o.cases, o.clients, o.rounds, o.warmup.toSeconds(), o.measure.toSeconds());
        double chatOverhead = Double.NaN;
        if (o.chatSeconds > 0) {
            chatOverhead = chatOverhead(Duration.ofSeconds(o.chatSeconds));
        }
        if (o.warmupStreams > 0) {
            warmUp(o.clients, o.warmupStreams);
        }
        for (String name : o.cases) {
            Case c = CASES.get(name);
            System.out.println(run(c, o.clients, o.rounds, o.warmup, o.measure, chatOverhead));
        }
        System.out.println("load average after: " + loadAverage());
    }

    /**
     * Streams {@code streams} short answers (5 chunks) with each client first. A case of long
     * streams starts few of them in its windows, so without this the per-stream code (the request,
     * routing, opening) is still interpreted or half compiled while TTFT is measured.
     */
    static void warmUp(List<String> clientNames, int streams) throws IOException {
        try (SseStub stub = SseStub.start(0, 5, Duration.ZERO, false)) {
            for (String n : clientNames) {
                try (StreamClients.Client client = StreamClients.create(n, stub.baseUrl())) {
                    long start = System.nanoTime();
                    for (int i = 0; i < streams; i++) {
                        client.stream(t -> { });
                    }
                    System.out.printf(Locale.ROOT, "warm-up: %s streamed %,d short answers in %d ms%n", client.name(), streams,
                            (System.nanoTime() - start) / 1_000_000);
                }
            }
        }
    }

    /** Runs one case and returns its table. */
    static String run(Case c, List<String> clientNames, int rounds, Duration warmup, Duration measure, double chatOverhead)
            throws IOException, InterruptedException {
        List<StreamRun.Result> results = new ArrayList<>();
        try (SseStub stub = SseStub.start(0, c.chunks(), Duration.ofMillis(c.gapMillis()), false)) {
            List<StreamClients.Client> clients = new ArrayList<>();
            try {
                for (String n : clientNames) {
                    StreamClients.Client client = StreamClients.create(n, stub.baseUrl());
                    clients.add(client);
                    int[] count = new int[1];
                    client.stream(t -> count[0]++);
                    if (count[0] != c.chunks()) {
                        throw new IllegalStateException(client.name() + " saw " + count[0] + " content chunks, not " + c.chunks());
                    }
                }
                for (StreamClients.Client client : clients) {
                    StreamRun.run(client, c.callers(), Duration.ZERO, warmup);
                }
                for (int round = 0; round < rounds; round++) {
                    for (int i = 0; i < clients.size(); i++) {
                        StreamClients.Client client = clients.get((i + round) % clients.size());
                        System.gc();
                        StreamRun.Result r = StreamRun.run(client, c.callers(), warmup, measure);
                        System.err.printf(Locale.ROOT, "  %s %s round %d: %.0f chunks/s, %.2f µs CPU and %.0f B per chunk,"
                                        + " TTFT p50 %.0f µs%n", c.name(), r.client(), round + 1, r.chunksPerSecond(),
                                r.cpuMicrosPerChunk(), r.bytesPerChunk(), r.ttftP50Micros());
                        results.add(r);
                    }
                }
            } finally {
                clients.forEach(StreamClients.Client::close);
            }
        }
        return table(c, results, rounds, chatOverhead);
    }

    /** The markdown table of one case; raw is the client whose name starts with "raw". */
    static String table(Case c, List<StreamRun.Result> results, int rounds, double chatOverhead) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "### %s: %,d chunks per stream, %d ms apart, %d caller(s); medians over %d round(s)%n%n",
                c.name(), c.chunks(), c.gapMillis(), c.callers(), rounds));
        sb.append("| client | chunks/s | chunks per CPU-s | CPU µs/chunk | x raw | B/chunk | x raw | TTFT p50 µs | vs raw µs"
                + " | TTFT p99 µs | errors |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String> names = results.stream().map(StreamRun.Result::client).distinct().toList();
        List<StreamRun.Result> raws = results.stream().filter(r -> r.client().startsWith("raw")).toList();
        String verdict = "";
        for (String name : names) {
            List<StreamRun.Result> mine = results.stream().filter(r -> r.client().equals(name)).toList();
            double cpuRatio = ratio(mine, raws, StreamRun.Result::cpuMicrosPerChunk);
            double allocRatio = ratio(mine, raws, StreamRun.Result::bytesPerChunk);
            double ttftDelta = delta(mine, raws, StreamRun.Result::ttftP50Micros);
            sb.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %.2f | %,.0f | %.2f | %,.0f | %+,.0f | %,.0f | %d |%n",
                    name, median(mine, StreamRun.Result::chunksPerSecond), median(mine, StreamRun.Result::chunksPerCoreSecond),
                    median(mine, StreamRun.Result::cpuMicrosPerChunk), cpuRatio,
                    median(mine, StreamRun.Result::bytesPerChunk), allocRatio,
                    median(mine, StreamRun.Result::ttftP50Micros), ttftDelta, median(mine, StreamRun.Result::ttftP99Micros),
                    mine.stream().mapToLong(StreamRun.Result::errors).sum()));
            if (name.equals("llmrouter")) {
                verdict = String.format(Locale.ROOT, "llmrouter goals: CPU per chunk %.2fx raw (<= 1.5: %s); allocation per chunk"
                                + " %.2fx raw (<= 1.5: %s); TTFT p50 %+.0f µs over raw (<= the whole chat's overhead%s)%n",
                        cpuRatio, cpuRatio <= 1.5 ? "met" : "MISSED", allocRatio, allocRatio <= 1.5 ? "met" : "MISSED",
                        ttftDelta, Double.isNaN(chatOverhead) ? ", not measured in this run"
                                : String.format(Locale.ROOT, " %+.1f µs: %s", chatOverhead, ttftDelta <= chatOverhead ? "met" : "MISSED"));
            }
        }
        return sb.append('\n').append(verdict).toString();
    }

    /** The median over rounds of {@code mine}'s figure divided by the same round's raw figure. */
    private static double ratio(List<StreamRun.Result> mine, List<StreamRun.Result> raws, ToDoubleFunction<StreamRun.Result> f) {
        double[] r = new double[Math.min(mine.size(), raws.size())];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.applyAsDouble(mine.get(i)) / f.applyAsDouble(raws.get(i));
        }
        return median(r);
    }

    private static double delta(List<StreamRun.Result> mine, List<StreamRun.Result> raws, ToDoubleFunction<StreamRun.Result> f) {
        double[] r = new double[Math.min(mine.size(), raws.size())];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.applyAsDouble(mine.get(i)) - f.applyAsDouble(raws.get(i));
        }
        return median(r);
    }

    private static double median(List<StreamRun.Result> rs, ToDoubleFunction<StreamRun.Result> f) {
        return median(rs.stream().mapToDouble(f).toArray());
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The whole chat's p50 overhead: llmrouter's p50 minus raw OkHttp's, one thread, on the chat stub. */
    private static double chatOverhead(Duration measure) throws IOException, InterruptedException {
        try (StubServer stub = StubServer.start(4);
             BenchClient raw = new RawOkHttpClient(stub.baseUrl());
             BenchClient router = new RouterClient(stub.baseUrl(), 2)) {
            LoadRun.run(raw, 1, Duration.ZERO, Duration.ofSeconds(2));
            LoadRun.run(router, 1, Duration.ZERO, Duration.ofSeconds(2));
            LoadResult r = LoadRun.run(raw, 1, Duration.ofSeconds(1), measure);
            LoadResult l = LoadRun.run(router, 1, Duration.ofSeconds(1), measure);
            double overhead = l.p50() - r.p50();
            System.out.printf(Locale.ROOT, "whole chat, 1 thread: raw OkHttp p50 %.1f µs, llmrouter p50 %.1f µs: overhead %+.1f µs%n%n",
                    r.p50(), l.p50(), overhead);
            return overhead;
        }
    }

    static String machine() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var rt = ManagementFactory.getRuntimeMXBean();
        return String.format(Locale.ROOT, "machine: %d cores, %.1f GiB memory, %s %s, JVM args %s%nload average before: %s",
                Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize() / (1024.0 * 1024 * 1024),
                rt.getVmName(), rt.getVmVersion(), rt.getInputArguments(), loadAverage());
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** The parsed command line. */
    static final class Options {
        List<String> cases = new ArrayList<>(CASES.keySet());
        List<String> clients = new ArrayList<>(StreamClients.NAMES);
        int rounds = 3;
        Duration warmup = Duration.ofSeconds(2);
        Duration measure = Duration.ofSeconds(4);
        int chatSeconds = 4;
        int warmupStreams = 0;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i += 2) {
                String key = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(key + " needs a value");
                }
                String v = args[i + 1];
                switch (key) {
                    case "--cases" -> o.cases = names(key, v, CASES.keySet());
                    case "--clients" -> o.clients = names(key, v, StreamClients.NAMES);
                    case "--rounds" -> o.rounds = number(key, v, 1);
                    case "--warmup" -> o.warmup = Duration.ofSeconds(number(key, v, 1));
                    case "--measure" -> o.measure = Duration.ofSeconds(number(key, v, 1));
                    case "--chat-seconds" -> o.chatSeconds = number(key, v, 0);
                    case "--warmup-streams" -> o.warmupStreams = number(key, v, 0);
                    default -> throw new IllegalArgumentException("unknown option " + key
                            + "; known: --cases, --clients, --rounds, --warmup, --measure, --chat-seconds, --warmup-streams");
                }
            }
            return o;
        }

        private static List<String> names(String key, String v, java.util.Collection<String> known) {
            List<String> out = List.of(v.split(","));
            for (String n : out) {
                if (!known.contains(n)) {
                    throw new IllegalArgumentException(key + ": unknown '" + n + "'; known: " + known);
                }
            }
            return out;
        }

        static int number(String key, String v, int min) {
            int n;
            try {
                n = Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": not a number: '" + v + "'");
            }
            if (n < min) {
                throw new IllegalArgumentException(key + ": must be at least " + min + ", got " + n);
            }
            return n;
        }
    }
}
