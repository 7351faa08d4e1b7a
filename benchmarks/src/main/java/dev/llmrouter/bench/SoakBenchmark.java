package dev.llmrouter.bench;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.RouterHealth;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.config.Backoff;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.config.Secret;
import dev.llmrouter.config.Timeouts;
import dev.llmrouter.spi.event.AttemptEndedEvent;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.spi.provider.ProviderType;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The soak run (issue 15; a benchmark, not a test): mixed traffic (chats, streams read whole or
 * closed early, async chats; a quarter without retries or fallbacks) at a fixed modest rate for a
 * long time through a group of three {@link FaultyServer}s that fault a share of requests in every
 * way, plus a deployment whose port refuses connections, with a fault-free fallback group. Every
 * sample period it forces a full GC ({@link System#gc()}, a full collection on the JDK's default
 * collectors) and records the heap in use after it, with the calls ended, threads and open
 * connections. At the end it prints the series, the least-squares slope of the heap after GC per
 * minute (leaving out the first sample, the warm-up), and checks that every call ended in a
 * response or a typed exception, that no concurrency lease, pooled connection or router thread is
 * left, and that no server received a request the router did not count as an attempt.
 *
 * <p>Options (all optional): {@code --minutes 30} (or {@code --seconds N}), {@code --rate 20}
 * calls a second, {@code --threads 16} callers, {@code --fault-rate 0.2}, {@code --sample-seconds
 * 60}. Exits with status 1 when a check fails. See docs/reliability.md for the command and the
 * figures.
 */
public final class SoakBenchmark {
    /** The model group the soak calls. */
    public static final String GROUP = "soak";
    private static final String FALLBACK = "soak-fallback";
    /** A heap after full GC growing less than this per minute counts as flat (2 MiB over 30 minutes). */
    public static final double FLAT_KIB_PER_MINUTE = 64;

    private SoakBenchmark() {
    }

    /** Runs the soak; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Result r = run(o, System.out);
        System.exit(r.ok() ? 0 : 1);
    }

    /** What a soak run found. */
    public record Result(long calls, long answered, Map<String, Long> failures, List<String> untyped,
                         List<Sample> samples, double slopeKibPerMinute, Map<String, Long> attempts,
                         Map<String, Long> serverRequests, List<String> problems) {
        /** True when every check held (the heap slope is reported, not checked: see {@link #flat()}). */
        public boolean ok() {
            return problems.isEmpty();
        }

        /** True when the heap after full GC grew less than {@link #FLAT_KIB_PER_MINUTE} a minute. */
        public boolean flat() {
            return slopeKibPerMinute < FLAT_KIB_PER_MINUTE;
        }
    }

    /** One sample: seconds since the start, heap in use after a full GC, and the run's state then. */
    public record Sample(long seconds, long heapAfterGcBytes, long callsEnded, int liveThreads, int serverConnections,
                         int leasesHeld, double loadAverage) {
    }

    /** The soak's settings. */
    public record Options(Duration duration, double rate, int threads, double faultRate, Duration samplePeriod) {
        /** Parses {@code --minutes}, {@code --seconds}, {@code --rate}, {@code --threads}, {@code --fault-rate}, {@code --sample-seconds}. */
        public static Options parse(String... args) {
            Duration duration = Duration.ofMinutes(30);
            double rate = 20;
            int threads = 16;
            double faultRate = 0.2;
            Duration sample = Duration.ofMinutes(1);
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--minutes" -> duration = Duration.ofMinutes(Long.parseLong(v));
                    case "--seconds" -> duration = Duration.ofSeconds(Long.parseLong(v));
                    case "--rate" -> rate = Double.parseDouble(v);
                    case "--threads" -> threads = Integer.parseInt(v);
                    case "--fault-rate" -> faultRate = Double.parseDouble(v);
                    case "--sample-seconds" -> sample = Duration.ofSeconds(Long.parseLong(v));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (known: --minutes, --seconds, --rate, --threads, --fault-rate, --sample-seconds)");
                }
            }
            if (!(rate > 0) || threads < 1 || duration.isNegative() || duration.isZero() || sample.isZero()) {
                throw new IllegalArgumentException("rate, threads, duration and sample period must be positive");
            }
            return new Options(duration, rate, threads, faultRate, sample);
        }
    }

    /** Runs a soak and prints its progress and result to {@code out}. */
    public static Result run(Options o, java.io.PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "soak: %d s at %.1f calls/s from %d threads, %.0f %% faults, a sample every %d s; %s%n",
                o.duration.toSeconds(), o.rate, o.threads, o.faultRate * 100, o.samplePeriod.toSeconds(), machine());
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        List<FaultyServer> servers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            servers.add(FaultyServer.start(o.faultRate, 15L + i));
        }
        FaultyServer steady = FaultyServer.start(0, 99);
        Map<String, FaultyServer> byProvider = new TreeMap<>();
        for (int i = 0; i < servers.size(); i++) {
            byProvider.put("faulty" + i, servers.get(i));
        }
        byProvider.put("steady", steady);
        OkHttpClient client = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ZERO).callTimeout(Duration.ZERO)
                .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES)).build();
        Map<String, LongAdder> attempts = new ConcurrentHashMap<>();
        RouterListener tally = new RouterListener() {
            @Override
            public void onAttemptEnded(AttemptEndedEvent event) {
                attempts.computeIfAbsent(event.deployment().provider(), k -> new LongAdder()).increment();
            }
        };
        Tally tallies = new Tally();
        List<Sample> samples = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long start = System.nanoTime();
        try (LlmRouter router = LlmRouter.builder().config(config(byProvider, FaultyServer.refusingUrl()))
                .httpClient(client).listener(tally).build()) {
            long interval = (long) (1e9 / o.rate);
            long end = start + o.duration.toNanos();
            AtomicLong nextSlot = new AtomicLong(start);
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < o.threads; t++) {
                Thread caller = new Thread(() -> {
                    while (true) {
                        long slot = nextSlot.getAndAdd(interval);
                        if (slot >= end) {
                            return;
                        }
                        long wait = slot - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        tallies.oneCall(router);
                    }
                }, "soak-caller-" + t);
                caller.start();
                callers.add(caller);
            }
            out.println("| minute | heap after full GC (KiB) | calls ended | live threads | server connections "
                    + "| leases held | load |");
            out.println("|---|---|---|---|---|---|---|");
            long nextSample = start;
            while (true) {
                long now = System.nanoTime();
                if (now >= nextSample) {
                    Sample s = sample(memory, start, tallies, servers, steady, router);
                    samples.add(s);
                    out.printf(Locale.ROOT, "| %.1f | %,d | %,d | %d | %d | %d | %.2f |%n", s.seconds / 60.0,
                            s.heapAfterGcBytes / 1024, s.callsEnded, s.liveThreads, s.serverConnections, s.leasesHeld,
                            s.loadAverage);
                    nextSample += o.samplePeriod.toNanos();
                }
                if (now >= end) {
                    break;
                }
                LockSupport.parkNanos(Math.min(nextSample, end) - System.nanoTime());
            }
            for (Thread caller : callers) {
                // a call in flight at the end ends by its own overall deadline
                caller.join(TimeUnit.SECONDS.toMillis(60));
                if (caller.isAlive()) {
                    problems.add(caller.getName() + " did not return within 60 s of the end");
                }
            }
            int leases = leases(router.healthSnapshot());
            if (leases != 0) {
                problems.add(leases + " concurrency leases still held after every call ended");
            }
            int busy = client.connectionPool().connectionCount() - client.connectionPool().idleConnectionCount();
            if (busy != 0) {
                problems.add(busy + " pooled connections still in use after every call ended");
            }
        }
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        Map<String, Long> received = new TreeMap<>();
        byProvider.forEach((name, server) -> received.put(name, server.chatRequests()));
        Map<String, Long> counted = new TreeMap<>();
        attempts.forEach((k, v) -> counted.put(k, v.sum()));
        received.forEach((name, n) -> {
            long c = counted.getOrDefault(name, 0L);
            // an attempt may end before its request is written (a deadline, a refused connection): never the reverse
            if (n > c) {
                problems.add(name + " received " + n + " requests, beyond the " + c + " attempts the router counted");
            }
        });
        servers.forEach(FaultyServer::close);
        steady.close();
        List<String> leftover = leftoverThreads(before);
        if (!leftover.isEmpty()) {
            problems.add("router threads left after close: " + leftover);
        }
        List<String> untyped = List.copyOf(tallies.untyped);
        if (!untyped.isEmpty()) {
            problems.add(untyped.size() + " calls ended in an untyped throwable, first: " + untyped.get(0));
        }
        long ended = tallies.answered.sum() + tallies.failures.values().stream().mapToLong(LongAdder::sum).sum()
                + untyped.size();
        if (ended != tallies.started.sum()) {
            problems.add(tallies.started.sum() + " calls started but " + ended + " ended");
        }
        Map<String, Long> failures = new TreeMap<>();
        tallies.failures.forEach((k, v) -> failures.put(k, v.sum()));
        Map<String, Long> faults = new TreeMap<>();
        for (FaultyServer s : servers) {
            s.answered().forEach((a, n) -> faults.merge(a.name(), n, Long::sum));
        }
        double slope = slopeKibPerMinute(samples);
        Result result = new Result(tallies.started.sum(), tallies.answered.sum(), failures, untyped, samples, slope,
                counted, received, problems);
        out.printf(Locale.ROOT, "calls %,d (%.1f/s achieved): %,d answered, typed failures %s, untyped %d%n",
                result.calls, result.calls / Math.max(1e-9, (System.nanoTime() - start) / 1e9), result.answered,
                failures, untyped.size());
        out.println("faulty servers answered " + faults + "; attempts counted " + counted + "; requests received "
                + received);
        out.printf(Locale.ROOT, "heap after full GC: slope %.1f KiB/min over %d samples after the first (%s: flat "
                + "means under %.0f KiB/min)%n", slope, Math.max(0, samples.size() - 1),
                result.flat() ? "flat" : "NOT flat", FLAT_KIB_PER_MINUTE);
        out.println(problems.isEmpty() ? "checks: all held" : "checks FAILED: " + problems);
        return result;
    }

    private static Sample sample(MemoryMXBean memory, long start, Tally tallies, List<FaultyServer> servers,
                                 FaultyServer steady, LlmRouter router) {
        // two collections: the first may leave objects whose finalizers or cleaners the second frees
        System.gc();
        System.gc();
        long heap = memory.getHeapMemoryUsage().getUsed();
        int conns = steady.openConnections() + servers.stream().mapToInt(FaultyServer::openConnections).sum();
        return new Sample(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), heap, tallies.ended(),
                Thread.activeCount(), conns, leases(router.healthSnapshot()),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static int leases(RouterHealth health) {
        return health.deployments().stream().mapToInt(RouterHealth.DeploymentHealth::inFlight).sum();
    }

    /** Least-squares slope of heap after GC in KiB per minute, leaving out the first (warm-up) sample. */
    static double slopeKibPerMinute(List<Sample> samples) {
        List<Sample> s = samples.size() > 2 ? samples.subList(1, samples.size()) : samples;
        if (s.size() < 2) {
            return 0;
        }
        double mx = s.stream().mapToDouble(x -> x.seconds / 60.0).average().orElse(0);
        double my = s.stream().mapToDouble(x -> x.heapAfterGcBytes / 1024.0).average().orElse(0);
        double num = 0;
        double den = 0;
        for (Sample x : s) {
            double dx = x.seconds / 60.0 - mx;
            num += dx * (x.heapAfterGcBytes / 1024.0 - my);
            den += dx * dx;
        }
        return den == 0 ? 0 : num / den;
    }

    /**
     * Group {@value #GROUP}: the faulty servers and the refusing port, with retries; its fallback
     * {@value #FALLBACK}: the steady server. Attempt 2 s (longer than a dribble, shorter than a
     * hang), overall 6 s.
     */
    private static RouterConfig config(Map<String, FaultyServer> servers, String refusingUrl) {
        RouterConfig.Builder b = RouterConfig.builder();
        List<DeploymentConfig> faulty = new ArrayList<>();
        servers.forEach((name, server) -> {
            b.provider(ProviderConfig.builder(name, ProviderType.OPENAI_COMPATIBLE).baseUrl(server.baseUrl())
                    .apiKey(Secret.of("sk-soak-" + name)).build());
            if (!name.equals("steady")) {
                faulty.add(DeploymentConfig.of(name, StubServer.MODEL));
            }
        });
        b.provider(ProviderConfig.builder("refusing", ProviderType.OPENAI_COMPATIBLE).baseUrl(refusingUrl)
                .apiKey(Secret.of("sk-soak-refusing")).build());
        faulty.add(DeploymentConfig.of("refusing", StubServer.MODEL));
        return b.model(GROUP, faulty.toArray(DeploymentConfig[]::new))
                .model(FALLBACK, DeploymentConfig.of("steady", StubServer.MODEL))
                .fallbacks(GROUP, FALLBACK)
                .routerSettings(RouterSettings.builder().allowedFails(3).cooldownTime(Duration.ofSeconds(2))
                        .numRetries(2).backoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2, 0.25,
                                Duration.ofSeconds(1)))
                        .timeouts(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4),
                                Duration.ofSeconds(1), Duration.ofSeconds(6)))
                        .build())
                .build();
    }

    /** The calls' outcomes, and one call of the mix. */
    private static final class Tally {
        final LongAdder started = new LongAdder();
        final LongAdder answered = new LongAdder();
        final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        final List<String> untyped = java.util.Collections.synchronizedList(new ArrayList<>());

        long ended() {
            return answered.sum() + failures.values().stream().mapToLong(LongAdder::sum).sum() + untyped.size();
        }

        void oneCall(LlmRouter router) {
            started.increment();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            RequestOptions.Builder options = RequestOptions.builder();
            if (random.nextInt(4) == 0) {
                options.disableFallbacks().numRetries(0);
            }
            // varied prompts, so nothing the router keeps per request can hide behind one shape
            ChatRequest request = ChatRequest.builder().model(GROUP).user("soak question " + random.nextInt(100_000))
                    .maxTokens(16 + random.nextInt(64)).options(options.build()).build();
            int kind = random.nextInt(20);
            try {
                if (kind < 12) {
                    router.chat(request);
                } else if (kind < 17) {
                    try (ChatStream s = router.stream(request)) {
                        Iterator<ChatChunk> it = s.iterator();
                        if (kind == 16) {
                            it.next(); // closed early
                        } else {
                            it.forEachRemaining(c -> { });
                        }
                    }
                } else {
                    try {
                        router.chatAsync(request).get(30, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        throw e.getCause();
                    }
                }
                answered.increment();
            } catch (LlmRouterException e) {
                failures.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
            } catch (Throwable e) {
                untyped.add(e.toString());
            }
        }
    }

    /** Threads started since {@code before} still alive after a grace period, but OkHttp's and Okio's process-wide daemons. */
    private static List<String> leftoverThreads(Set<Thread> before) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive())
                    .map(Thread::getName)
                    .filter(n -> !n.startsWith("OkHttp TaskRunner") && !n.equals("Okio Watchdog")
                            && !n.startsWith("faulty-"))
                    .toList();
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < until);
        return left;
    }

    private static String machine() {
        return String.format(Locale.ROOT, "Java %s, %d cores, max heap %d MiB, load %.2f",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
