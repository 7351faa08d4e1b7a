package dev.llmrouter.bench;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Many concurrent calls against a slow stub (issue 10, section 4): {@code N} streams at once, one
 * caller (virtual) thread each, against an {@link SseStub} that sends one stamped chunk every
 * {@code gap}; or {@code N} outstanding chat calls ({@code chatAsync} for llmrouter, a blocking
 * call per virtual thread for raw OkHttp) that the stub answers after {@code chunks x gap}. The
 * stub runs in its own JVM by default, so this JVM's heap and threads are the client's alone.
 *
 * <p>For each client (raw OkHttp, the floor, then llmrouter) it reports: heap per in-flight call
 * (heap used after a full GC while all calls are in flight, less the heap before the client was
 * built, over N; the callers' thread stacks count), platform threads before and after building the
 * client and at the peak (with their names), {@code jdk.VirtualThreadPinned} JFR events (threshold
 * 0), and the delay of every chunk from the stub's write to the caller (the stub's
 * {@code System.nanoTime()} is in the chunk: the same clock in both processes), leaving out chunks
 * in flight during the full GC the heap figure needs. The added delay is llmrouter's percentile less
 * raw OkHttp's.
 *
 * <p>Before each client is measured, {@code --warmup-calls} calls run to their end unrecorded.
 * Options: {@code --mode stream|chat --concurrency 5000 --chunks 50 --gap-ms 200 --ramp-s 5
 * --warmup-calls 50 --clients raw,llmrouter --stub-process true}.
 */
public final class ScaleRun {
    private static final String RAW = "raw";
    private static final String ROUTER = "llmrouter";

    private ScaleRun() {
    }

    /** The figures of one client's run. */
    public record Result(String client, String mode, int concurrency, long completed, long errors, double heapPerCallBytes,
                         int threadsBefore, int threadsBuilt, int threadsPeak, List<String> newThreads, long pinned,
                         String pinnedWhere, long delays, double p50Micros, double p99Micros, double p999Micros,
                         double maxMicros) {
    }

    /** Runs the scale benchmark; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        System.out.println(StreamComparison.machine());
        System.out.printf(Locale.ROOT, "mode %s, %,d concurrent, %d chunks %d ms apart, ramp %d s, virtual threads: %s,"
                        + " ulimit -n: %s%n%n", o.mode, o.concurrency, o.chunks, o.gapMs, o.rampSeconds,
                VirtualThreads.available(), openFileLimit());
        List<Result> results = run(o);
        System.out.println(table(results));
        System.out.println("load average after: " + StreamComparison.loadAverage());
    }

    /** Runs every client of {@code o} in turn against one stub. */
    static List<Result> run(Options o) throws Exception {
        Process process = null;
        SseStub local = null;
        String baseUrl;
        if (o.stubProcess) {
            process = startStubProcess(o);
            baseUrl = "http://127.0.0.1:" + readPort(process) + "/v1";
        } else {
            local = SseStub.start(0, o.chunks, Duration.ofMillis(o.gapMs), true, true);
            baseUrl = local.baseUrl();
        }
        try {
            // JFR's and the virtual-thread scheduler's own threads start here, so no client is charged with them
            Recording warm = pinningRecording();
            if (warm != null) {
                warm.close();
                Thread t = VirtualThreads.factoryOr("scale-probe-").newThread(() -> { });
                t.start();
                t.join();
            }
            List<Result> results = new ArrayList<>();
            for (String client : o.clients) {
                Result r = runOne(client, baseUrl, o);
                System.err.printf(Locale.ROOT, "  %s %s: %,d done, %d errors, %.1f KB heap per call, delay p99 %.2f ms%n",
                        r.client(), r.mode(), r.completed(), r.errors(), r.heapPerCallBytes() / 1024, r.p99Micros() / 1e3);
                results.add(r);
            }
            return results;
        } finally {
            if (process != null) {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            if (local != null) {
                local.close();
            }
        }
    }

    private static Result runOne(String client, String baseUrl, Options o) throws Exception {
        int n = o.concurrency;
        int perCall = o.mode.equals("stream") ? o.chunks : 1;
        // the benchmark's own records are allocated before the baseline, so they are not counted per call
        long[][] delays = new long[n][];
        long[][] arrivals = new long[n][];
        for (int i = 0; i < n; i++) {
            delays[i] = new long[perCall];
            arrivals[i] = new long[perCall];
        }
        System.gc();
        long heapBefore = heapUsed();
        int threadsBefore = platformThreads().size();
        Set<String> namesBefore = Set.copyOf(platformThreads());
        Caller caller = client.equals(ROUTER) ? new RouterCaller(baseUrl, o.mode) : new RawCaller(baseUrl, o.mode, o.concurrency);
        int threadsBuilt = platformThreads().size();
        warmUp(caller, o.warmupCalls);
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(n);
        ThreadFactory threads = VirtualThreads.factoryOr("scale-caller-");
        Recording jfr = pinningRecording();
        long start = System.nanoTime() + 50_000_000L;
        long rampNanos = TimeUnit.SECONDS.toNanos(o.rampSeconds);
        for (int i = 0; i < n; i++) {
            int k = i;
            long at = start + rampNanos * i / n;
            Runnable call = () -> {
                parkUntil(at);
                try {
                    caller.call(k, (slot, text, now) -> {
                        if (slot < perCall) {
                            delays[k][slot] = now - stamp(text);
                            arrivals[k][slot] = now;
                        }
                    }, () -> done.countDown(), e -> {
                        errors.incrementAndGet();
                        if (errors.get() <= 3) {
                            System.err.println(client + ": call failed: " + e);
                        }
                        done.countDown();
                    });
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                    done.countDown();
                }
            };
            threads.newThread(call).start();
        }
        // measure when every call has started and none has ended
        long callNanos = TimeUnit.MILLISECONDS.toNanos((long) o.gapMs * o.chunks);
        long sampleAt = start + rampNanos + Math.max(0, (callNanos - rampNanos) / 2);
        parkUntil(sampleAt);
        List<String> peakThreads = platformThreads();
        long gcStart = System.nanoTime();
        System.gc();
        long heapDuring = heapUsed();
        long gcEnd = System.nanoTime();
        long inFlight = done.getCount();
        if (!done.await(callNanos + rampNanos + TimeUnit.SECONDS.toNanos(60), TimeUnit.NANOSECONDS)) {
            System.err.println(client + ": " + done.getCount() + " calls did not end in time");
        }
        caller.close();
        long pinned = 0;
        String where = "";
        if (jfr != null) {
            long[] count = new long[1];
            where = pinnedEvents(jfr, count);
            pinned = count[0];
        }
        long[] sorted = collect(delays, arrivals, gcStart, gcEnd);
        List<String> fresh = peakThreads.stream().filter(t -> !namesBefore.contains(t)).map(ScaleRun::shape).distinct()
                .sorted().toList();
        if (inFlight < n) {
            System.err.printf("%s: only %d of %d calls were in flight when the heap was measured%n", client, inFlight, n);
        }
        return new Result(client.equals(ROUTER) ? "llmrouter" : "raw OkHttp", o.mode, n, n - errors.get() - done.getCount(),
                errors.get(), (heapDuring - heapBefore) / (double) n, threadsBefore, threadsBuilt, peakThreads.size(), fresh,
                pinned, where, sorted.length, StreamRun.pct(sorted, 0.5), StreamRun.pct(sorted, 0.99),
                StreamRun.pct(sorted, 0.999), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e3);
    }

    /**
     * {@code calls} concurrent calls to their end, unrecorded: classes load and initialise before
     * the JFR recording starts (a virtual thread is pinned while it loads a class, once per class).
     */
    private static void warmUp(Caller caller, int calls) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(calls);
        ThreadFactory threads = VirtualThreads.factoryOr("scale-warmup-");
        for (int i = 0; i < calls; i++) {
            int k = i;
            threads.newThread(() -> caller.call(k, (slot, text, now) -> { }, done::countDown, e -> done.countDown())).start();
        }
        done.await(5, TimeUnit.MINUTES);
    }

    /** The delays whose chunk was not in flight during [gcStart, gcEnd], sorted. */
    private static long[] collect(long[][] delays, long[][] arrivals, long gcStart, long gcEnd) {
        int total = 0;
        for (long[] d : delays) {
            total += d.length;
        }
        long[] out = new long[total];
        int n = 0;
        for (int i = 0; i < delays.length; i++) {
            for (int j = 0; j < delays[i].length; j++) {
                long arrived = arrivals[i][j];
                if (arrived == 0) {
                    continue;
                }
                long sent = arrived - delays[i][j];
                if (arrived < gcStart || sent > gcEnd) {
                    out[n++] = delays[i][j];
                }
            }
        }
        long[] sorted = Arrays.copyOf(out, n);
        Arrays.sort(sorted);
        return sorted;
    }

    /** The stub's send time in a chunk's text ({@code t=<nanos>}). */
    static long stamp(String text) {
        int i = text.indexOf("t=");
        if (i < 0) {
            throw new IllegalStateException("no time stamp in '" + text + "'");
        }
        long v = 0;
        for (int j = i + 2; j < text.length() && Character.isDigit(text.charAt(j)); j++) {
            v = v * 10 + (text.charAt(j) - '0');
        }
        return v;
    }

    /** A thread name with its numbers replaced by {@code N}, to group pool threads. */
    private static String shape(String name) {
        return name.replaceAll("\\d+", "N");
    }

    private static List<String> platformThreads() {
        var mx = ManagementFactory.getThreadMXBean();
        return Arrays.stream(mx.getThreadInfo(mx.getAllThreadIds())).filter(java.util.Objects::nonNull)
                .map(ThreadInfo::getThreadName).toList();
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A JFR recording of pinned virtual threads (threshold 0), or null when this JVM has no virtual threads. */
    private static Recording pinningRecording() {
        if (!VirtualThreads.available()) {
            return null;
        }
        Recording r = new Recording();
        r.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
        r.start();
        return r;
    }

    /** Stops {@code r}, counts its pinned events into {@code count[0]} and returns their top frames. */
    private static String pinnedEvents(Recording r, long[] count) throws IOException {
        r.stop();
        Path file = Files.createTempFile("pinned", ".jfr");
        try {
            r.dump(file);
            Map<String, Long> where = new TreeMap<>();
            for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                if (!e.getEventType().getName().equals("jdk.VirtualThreadPinned")) {
                    continue;
                }
                count[0]++;
                String frames = e.getStackTrace() == null ? "?" : e.getStackTrace().getFrames().stream().limit(4)
                        .map(ScaleRun::frame).collect(Collectors.joining(" < "));
                where.merge(frames, 1L, Long::sum);
            }
            return where.entrySet().stream().map(en -> en.getValue() + "x " + en.getKey()).collect(Collectors.joining("; "));
        } finally {
            r.close();
            Files.deleteIfExists(file);
        }
    }

    private static String frame(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName() + ":" + f.getLineNumber();
    }

    private static Process startStubProcess(Options o) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = List.of(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"), SseStub.class.getName(),
                "--chunks", String.valueOf(o.chunks), "--gap-ms", String.valueOf(o.gapMs), "--stamped", "true");
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static int readPort(Process p) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("port ")) {
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        throw new IllegalStateException("the stub process ended without a port");
    }

    private static String openFileLimit() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (l.startsWith("Max open files")) {
                    return l.replaceAll("\\s+", " ").substring("Max open files ".length());
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "?";
    }

    private static void parkUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** The markdown table of the results. */
    static String table(List<Result> results) {
        StringBuilder sb = new StringBuilder("| client | mode | concurrent | done | errors | heap per call KB | platform threads"
                + " before / built / peak | pinned events | delay p50 ms | p99 ms | p99.9 ms | max ms | chunks timed |\n"
                + "|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|\n");
        Result raw = null;
        for (Result r : results) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %d | %.1f | %d / %d / %d | %d | %.3f | %.3f | %.3f | %.1f | %,d |%n",
                    r.client(), r.mode(), r.concurrency(), r.completed(), r.errors(), r.heapPerCallBytes() / 1024,
                    r.threadsBefore(), r.threadsBuilt(), r.threadsPeak(), r.pinned(), r.p50Micros() / 1e3,
                    r.p99Micros() / 1e3, r.p999Micros() / 1e3, r.maxMicros() / 1e3, r.delays()));
            if (r.client().startsWith("raw")) {
                raw = r;
            }
        }
        sb.append('\n');
        for (Result r : results) {
            sb.append(r.client()).append(": new platform threads at the peak: ").append(r.newThreads()).append('\n');
            if (r.pinned() > 0) {
                sb.append(r.client()).append(": pinned at: ").append(r.pinnedWhere()).append('\n');
            }
            if (raw != null && r != raw) {
                double added = (r.p99Micros() - raw.p99Micros()) / 1e3;
                sb.append(String.format(Locale.ROOT, "%s goals: heap %.1f KB per in-flight call (<= 50: %s); p99 delay %+.3f ms"
                                + " over raw (<= 1: %s); platform threads %d more than before building it, %d more at the peak%n",
                        r.client(), r.heapPerCallBytes() / 1024, r.heapPerCallBytes() <= 50 * 1024 ? "met" : "MISSED", added,
                        added <= 1 ? "met" : "MISSED", r.threadsBuilt() - r.threadsBefore(), r.threadsPeak() - r.threadsBuilt()));
            }
        }
        return sb.toString();
    }

    /** One client under test; {@link #call} starts one call and returns (async) or returns at its end (blocking). */
    private interface Caller extends AutoCloseable {
        void call(int k, ChunkSink sink, Runnable done, java.util.function.Consumer<Throwable> failed);

        @Override
        void close();
    }

    /** Receives the text of chunk number {@code slot} of a call at time {@code now}. */
    private interface ChunkSink {
        void chunk(int slot, String text, long now);
    }

    /** llmrouter: {@code router.stream} iterated, or {@code router.chatAsync}. */
    private static final class RouterCaller implements Caller {
        private final LlmRouter router;
        private final StreamClients.Client streams;
        private final boolean stream;

        RouterCaller(String baseUrl, String mode) {
            this.stream = mode.equals("stream");
            this.streams = stream ? StreamClients.create("llmrouter", baseUrl) : null;
            this.router = stream ? null : LlmRouter.builder().config(BenchConfigs.group(List.of(baseUrl), 2, "simple-shuffle")).build();
        }

        @Override
        public void call(int k, ChunkSink sink, Runnable done, java.util.function.Consumer<Throwable> failed) {
            if (stream) {
                int[] slot = new int[1];
                try {
                    streams.stream(t -> sink.chunk(slot[0]++, t, System.nanoTime()));
                    done.run();
                } catch (RuntimeException e) {
                    failed.accept(e);
                }
                return;
            }
            CompletableFuture<dev.llmrouter.api.ChatResponse> f = router.chatAsync(
                    ChatRequest.builder().model(BenchConfigs.GROUP).user(LoadRun.PROMPT).build());
            f.whenComplete((r, e) -> {
                if (e != null) {
                    failed.accept(e);
                } else {
                    sink.chunk(0, r.text(), System.nanoTime());
                    done.run();
                }
            });
        }

        @Override
        public void close() {
            if (streams != null) {
                streams.close();
            }
            if (router != null) {
                router.close();
            }
        }
    }

    /** The floor: raw OkHttp reading SSE lines, or one blocking chat per (virtual) caller thread. */
    private static final class RawCaller implements Caller {
        private final StreamClients.Client streams;
        private final OkHttpClient http;
        private final String url;
        private final boolean stream;

        RawCaller(String baseUrl, String mode, int concurrency) {
            this.stream = mode.equals("stream");
            this.streams = stream ? StreamClients.create("raw", baseUrl) : null;
            this.http = new OkHttpClient.Builder().readTimeout(Duration.ofMinutes(2)).build();
            this.url = baseUrl + "/chat/completions";
        }

        @Override
        public void call(int k, ChunkSink sink, Runnable done, java.util.function.Consumer<Throwable> failed) {
            try {
                if (stream) {
                    int[] slot = new int[1];
                    streams.stream(t -> sink.chunk(slot[0]++, t, System.nanoTime()));
                } else {
                    Request request = new Request.Builder().url(url).header("Authorization", "Bearer sk-bench")
                            .post(RequestBody.create("{\"model\":\"" + StubServer.MODEL + "\",\"messages\":[{\"role\":\"user\","
                                    + "\"content\":\"" + LoadRun.PROMPT + "\"}]}", okhttp3.MediaType.get("application/json")))
                            .build();
                    try (Response response = http.newCall(request).execute()) {
                        String body = response.body().string();
                        sink.chunk(0, body, System.nanoTime());
                    }
                }
                done.run();
            } catch (IOException | RuntimeException e) {
                failed.accept(e);
            }
        }

        @Override
        public void close() {
            if (streams != null) {
                streams.close();
            }
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** The parsed command line. */
    static final class Options {
        String mode = "stream";
        int concurrency = 5_000;
        int chunks = 50;
        int gapMs = 200;
        int rampSeconds = 5;
        int warmupCalls = 50;
        boolean stubProcess = true;
        List<String> clients = List.of(RAW, ROUTER);

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i += 2) {
                String key = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(key + " needs a value");
                }
                String v = args[i + 1];
                switch (key) {
                    case "--mode" -> {
                        if (!v.equals("stream") && !v.equals("chat")) {
                            throw new IllegalArgumentException("--mode: stream or chat, got '" + v + "'");
                        }
                        o.mode = v;
                    }
                    case "--concurrency" -> o.concurrency = StreamComparison.Options.number(key, v, 1);
                    case "--chunks" -> o.chunks = StreamComparison.Options.number(key, v, 1);
                    case "--gap-ms" -> o.gapMs = StreamComparison.Options.number(key, v, 1);
                    case "--ramp-s" -> o.rampSeconds = StreamComparison.Options.number(key, v, 0);
                    case "--stub-process" -> o.stubProcess = Boolean.parseBoolean(v);
                    case "--warmup-calls" -> o.warmupCalls = StreamComparison.Options.number(key, v, 0);
                    case "--clients" -> {
                        o.clients = List.of(v.split(","));
                        for (String c : o.clients) {
                            if (!c.equals(RAW) && !c.equals(ROUTER)) {
                                throw new IllegalArgumentException("--clients: raw or llmrouter, got '" + c + "'");
                            }
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + key
                            + "; known: --mode, --concurrency, --chunks, --gap-ms, --ramp-s, --warmup-calls, --stub-process, --clients");
                }
            }
            return o;
        }
    }
}
