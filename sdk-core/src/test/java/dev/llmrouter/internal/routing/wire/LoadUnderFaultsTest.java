package dev.llmrouter.internal.routing.wire;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.spi.event.AttemptEndedEvent;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.config.Backoff;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.config.Timeouts;
import dev.llmrouter.spi.provider.ProviderType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Load under faults (issue 15): 64 threads send chats, streams (some closed early) and async chats
 * through a group of three servers that answer 20 % of requests with a fault of every kind (reset,
 * a hang past every limit, a slow dribble, 500, 429 with retry-after, a malformed body) and a
 * deployment whose connections are refused, with retries and a fault-free fallback group. Every
 * call must end in a response or a typed exception; no server receives a request the router did
 * not count as an attempt (no hidden re-send); afterwards no concurrency lease is held, no pooled
 * connection is in use, no dispatcher call runs and the router's threads are gone. It prints the
 * injected faults, requests received against attempts counted, and the distribution of how far
 * calls ran past their overall deadline (by how they ended) and single-attempt calls past their
 * attempt deadline, next to what the machine itself adds ({@link DeadlineDiagnostics}: an unrelated
 * 10 ms timer's lateness, the router's deadline threads' CPU time, GC time; docs/reliability.md). Every build runs 64 x 50 calls; the full size is
 * {@code -Dllmrouter.load.perThread=157} (10,048 calls).
 */
@Tag("slow")
class LoadUnderFaultsTest {
    private static final int THREADS = 64;
    private static final int PER_THREAD = Integer.getInteger("llmrouter.load.perThread", 50);
    private static final Duration OVERALL = Duration.ofSeconds(5);
    private static final Duration ATTEMPT = Duration.ofSeconds(1);
    private static final int FAULT_RATE_PERCENT = 20;
    private static final Map<String, WireMockServer> SERVERS = new LinkedHashMap<>();
    private static final Map<String, FaultMix> MIXES = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        for (int i = 0; i < 3; i++) {
            FaultMix mix = new FaultMix(15L + i);
            WireMockServer s = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort()
                    .containerThreads(THREADS + 16).extensions(mix));
            s.start();
            SERVERS.put("faulty" + i, s);
            MIXES.put("faulty" + i, mix);
            stub("faulty" + i, Stubs.ok("fine"), Stubs.sse(Stubs.stream("all ", "good")));
        }
        WireMockServer ok = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort()
                .containerThreads(THREADS + 16));
        ok.start();
        SERVERS.put("ok", ok);
        stub("ok", Stubs.ok("fine"), Stubs.sse(Stubs.stream("all ", "good")));
    }

    /** What the faulty servers answer a chat request with; {@link #OK} for 80 %, each fault for 1/30. */
    enum Injected { OK, REFUSED, RESET, HANG, DRIBBLE, ERROR_500, RATE_429, MALFORMED }

    /**
     * Turns {@value #FAULT_RATE_PERCENT} % of the chat requests a server receives into a fault of one
     * kind each, equally likely: reset, a hang past every limit, a slow dribble, 500, 429 with
     * {@code retry-after}, a malformed body. Refused connections come from a deployment on a closed
     * port (they never reach a server).
     */
    static final class FaultMix implements ResponseDefinitionTransformerV2 {
        private static final Injected[] FAULTS = {Injected.RESET, Injected.HANG, Injected.DRIBBLE, Injected.ERROR_500,
            Injected.RATE_429, Injected.MALFORMED};
        private final java.util.SplittableRandom random;
        final Map<Injected, AtomicInteger> injected = new ConcurrentHashMap<>();

        FaultMix(long seed) {
            this.random = new java.util.SplittableRandom(seed);
        }

        @Override
        public String getName() {
            return "fault-mix";
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            ResponseDefinition good = event.getResponseDefinition();
            if (!event.getRequest().getMethod().getName().equals("POST")) {
                return good;
            }
            Injected kind;
            synchronized (random) {
                kind = random.nextInt(100) < FAULT_RATE_PERCENT ? FAULTS[random.nextInt(FAULTS.length)] : Injected.OK;
            }
            injected.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
            return switch (kind) {
                case RESET -> ResponseDefinitionBuilder.like(good).withFault(Fault.CONNECTION_RESET_BY_PEER).build();
                // longer than every limit: only the router's attempt deadline ends these
                case HANG -> ResponseDefinitionBuilder.like(good).withFixedDelay(10_000).build();
                case DRIBBLE -> ResponseDefinitionBuilder.like(good).withChunkedDribbleDelay(4, 600).build();
                case ERROR_500 -> Stubs.error(500, "server_error", null, "boom").build();
                case RATE_429 -> Stubs.error(429, "rate_limit_error", "rate_limit_exceeded", "slow down")
                        .withHeader("retry-after", "1").build();
                case MALFORMED -> ResponseDefinitionBuilder.like(good).withFault(Fault.MALFORMED_RESPONSE_CHUNK).build();
                default -> good;
            };
        }
    }

    private static void stub(String server, ResponseDefinitionBuilder chat, ResponseDefinitionBuilder stream) {
        WireMockServer s = SERVERS.get(server);
        s.stubFor(post(urlEqualTo(Stubs.CHAT)).atPriority(5).willReturn(chat));
        if (stream != null) {
            s.stubFor(post(urlEqualTo(Stubs.CHAT)).atPriority(1).withRequestBody(containing("\"stream\":true"))
                    .willReturn(stream));
        }
    }

    @AfterAll
    static void stop() {
        SERVERS.values().forEach(WireMockServer::stop);
    }

    /**
     * Group "mixed": the three faulty servers and a deployment on a closed port (refused), with
     * retries; its fallback: a steady mock and the fault-free server.
     */
    private static RouterConfig config() {
        RouterConfig.Builder b = RouterConfig.builder();
        List<DeploymentConfig> mixed = new ArrayList<>();
        SERVERS.forEach((name, server) -> {
            b.provider(Stubs.provider(name, server));
            if (!name.equals("ok")) {
                mixed.add(DeploymentConfig.of(name, "m"));
            }
        });
        b.provider(ProviderConfig.builder("refused", ProviderType.OPENAI_COMPATIBLE).baseUrl(closedPortUrl())
                .apiKey(dev.llmrouter.config.Secret.of(dev.llmrouter.testing.canary.SecretsCanary.OPENAI)).build());
        mixed.add(DeploymentConfig.of("refused", "m"));
        b.provider(ProviderConfig.builder("mock-steady", ProviderType.MOCK).mock(Map.of("response", "steady answer",
                "chunk_delay", Duration.ofMillis(1))).maxParallelRequests(8).build());
        return b.model("mixed", mixed.toArray(DeploymentConfig[]::new))
                .model("fallback", DeploymentConfig.of("mock-steady", "m"), DeploymentConfig.of("ok", "m"))
                .fallbacks("mixed", "fallback")
                // circuits that open on a burst of faults, not on the steady 20 %: most calls meet the faulty servers
                .routerSettings(RouterSettings.builder().allowedFails(20).failureWindow(Duration.ofSeconds(1))
                        .cooldownTime(Duration.ofSeconds(1))
                        .numRetries(2).backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2, 0.25,
                                Duration.ofMillis(200)))
                        .timeouts(new Timeouts(ATTEMPT, Duration.ofSeconds(3), Duration.ofSeconds(3),
                                Duration.ofMillis(800), OVERALL))
                        .build())
                .build();
    }

    /** A base URL on a loopback port that was free a moment ago and is closed now: connections are refused. */
    private static String closedPortUrl() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort() + "/v1";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyCallEndsInAResponseOrATypedExceptionAndNothingLeaks() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        RequestsWritten written = new RequestsWritten();
        OkHttpClient client = Stubs.client().newBuilder().eventListenerFactory(written).build();
        AtomicInteger answered = new AtomicInteger();
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Throwable> untyped = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> broken = new ConcurrentLinkedQueue<>();
        ExecutorService callers = Executors.newFixedThreadPool(THREADS);
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> attemptsByProvider = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> overshootMillis = new ConcurrentLinkedQueue<>();
        Map<String, ConcurrentLinkedQueue<Long>> overshootByEnding = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> attemptOvershootMillis = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> insideAttemptMillis = new ConcurrentLinkedQueue<>();
        RouterListener tally = new RouterListener() {
            @Override
            public void onAttemptEnded(AttemptEndedEvent event) {
                outcomes.computeIfAbsent(event.deployment().provider() + ":" + event.record().outcome().wireName(), k -> new AtomicInteger()).incrementAndGet();
                attemptsByProvider.computeIfAbsent(event.deployment().provider(), k -> new AtomicInteger()).incrementAndGet();
            }
        };
        try (LlmRouter router = LlmRouter.builder().config(config()).httpClient(client).listener(tally).build();
             DeadlineDiagnostics machine = new DeadlineDiagnostics()) {
            for (int t = 0; t < THREADS; t++) {
                callers.execute(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        long start = System.nanoTime();
                        boolean single = ThreadLocalRandom.current().nextInt(4) == 0;
                        String ending = "answered";
                        try {
                            ChatResponse r = oneCall(router, single);
                            if (r.route().deploymentId() == null || !r.route().group().equals("mixed")) {
                                broken.add("response without its route: " + r.route());
                            }
                            answered.incrementAndGet();
                        } catch (LlmRouterException e) {
                            if (!e.route().requestedModel().equals("mixed")) {
                                broken.add("exception without its route: " + e);
                            }
                            ending = e.getClass().getSimpleName();
                            failures.computeIfAbsent(ending, k -> new AtomicInteger()).incrementAndGet();
                            if (single && e instanceof dev.llmrouter.api.AttemptTimeoutException) {
                                // one attempt, no retry: how far past its 1 s attempt deadline the call ended
                                attemptOvershootMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)
                                        - ATTEMPT.toMillis());
                                // the part inside the attempt, from its start to its end as the router measured
                                // them: the rest is before it (admission, an async call's queue) or after (return)
                                e.route().attempts().stream().findFirst().ifPresent(a -> insideAttemptMillis.add(
                                        a.latency().toMillis() - ATTEMPT.toMillis()));
                            }
                        } catch (Throwable e) {
                            ending = "untyped";
                            untyped.add(e);
                        } finally {
                            long over = System.nanoTime() - start - OVERALL.toNanos();
                            if (over > 0) {
                                overshootMillis.add(TimeUnit.NANOSECONDS.toMillis(over));
                                overshootByEnding.computeIfAbsent(ending, k -> new ConcurrentLinkedQueue<>())
                                        .add(TimeUnit.NANOSECONDS.toMillis(over));
                            }
                        }
                    }
                });
            }
            callers.shutdown();
            assertThat(callers.awaitTermination(90L + PER_THREAD * 2L, TimeUnit.SECONDS)).as("every call returned").isTrue();
            String machineFigures = machine.report();
            Map<Injected, Integer> injected = new java.util.EnumMap<>(Injected.class);
            MIXES.values().forEach(m -> m.injected.forEach((k, v) -> injected.merge(k, v.get(), Integer::sum)));
            injected.put(Injected.REFUSED, attemptsByProvider.getOrDefault("refused", new AtomicInteger()).get());
            Map<String, String> receivedVsCounted = new TreeMap<>();
            SERVERS.forEach((name, server) -> {
                int received = server.countRequestsMatching(postRequestedFor(urlEqualTo(Stubs.CHAT)).build()).getCount();
                int sent = written.to(server.port());
                int counted = attemptsByProvider.getOrDefault(name, new AtomicInteger()).get();
                receivedVsCounted.put(name, received + "/" + sent + "/" + counted);
                // not equal under load: an attempt that a deadline or a cancel ends before its request
                // is written sends nothing, and one ended after writing it may close the connection
                // before the server reads it (docs/reliability.md, "Requests received and attempts counted")
                assertThat(sent).as("requests written to %s, beyond the %d attempts the router counted", name, counted)
                        .isLessThanOrEqualTo(counted);
                assertThat(received).as("requests %s received, beyond the %d the client wrote", name, sent)
                        .isLessThanOrEqualTo(sent);
            });
            assertThat(written.writtenTwice()).as("calls that wrote their request twice (a hidden re-send)").isEmpty();
            System.out.println("load under faults: " + THREADS * PER_THREAD + " calls, " + answered + " answered, failures "
                    + new TreeMap<>(failures) + ", attempts " + new TreeMap<>(outcomes) + "; injected " + injected
                    + "; requests received/written/attempts counted " + receivedVsCounted
                    + "; past the 5 s overall deadline: " + distribution(overshootMillis) + " by ending "
                    + new TreeMap<>(overshootByEnding.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                            e -> distribution(e.getValue()))))
                    + "; single-attempt calls past their 1 s attempt deadline: " + distribution(attemptOvershootMillis)
                    + ", of which inside the attempt: " + distribution(insideAttemptMillis)
                    + "; machine: " + machineFigures);
            int leases = router.healthSnapshot().deployments().stream()
                    .mapToInt(dev.llmrouter.RouterHealth.DeploymentHealth::inFlight).sum();
            assertThat(leases).as("concurrency leases held after every call ended").isZero();
            assertThat(untyped).as("calls that ended in an untyped throwable").isEmpty();
            assertThat(broken).isEmpty();
            assertThat(answered.get() + failures.values().stream().mapToInt(AtomicInteger::get).sum())
                    .isEqualTo(THREADS * PER_THREAD);
            assertThat(answered.get()).as("most calls are answered thanks to retries and fallbacks")
                    .isGreaterThan(THREADS * PER_THREAD / 2);
            assertThat(failures).as("some calls failed, typed").isNotEmpty();
            assertThat(Stubs.busy(client)).as("connections in use after the run").isZero();
            assertThat(client.dispatcher().runningCallsCount()).isZero();
        } finally {
            callers.shutdownNow();
        }
        Stubs.close(client);
        assertThat(leftoverThreads(before)).as("threads left after close").isEmpty();
    }

    /** Count, p50, p90, p99, p99.9 and max of these overshoots in ms, and how many exceed 50 ms. */
    private static String distribution(java.util.Collection<Long> millis) {
        List<Long> v = millis.stream().sorted().toList();
        if (v.isEmpty()) {
            return "0 calls";
        }
        java.util.function.IntFunction<Long> at = perMille -> v.get(Math.min(v.size() - 1, v.size() * perMille / 1000));
        return v.size() + " calls, p50 " + at.apply(500) + " ms, p90 " + at.apply(900) + " ms, p99 " + at.apply(990)
                + " ms, p99.9 " + at.apply(999) + " ms, max " + v.get(v.size() - 1) + " ms, over 50 ms: "
                + v.stream().filter(x -> x > 50).count();
    }

    /** A chat (most), a stream read whole or closed early, or an async chat. */
    private static ChatResponse oneCall(LlmRouter router, boolean single) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        RequestOptions.Builder options = RequestOptions.builder().metadata(Map.of("load", "1"));
        if (single) {
            options.disableFallbacks().numRetries(0); // some calls must fail, typed
        }
        ChatRequest request = ChatRequest.builder().model("mixed").user("question " + random.nextInt(1000))
                .options(options.build()).build();
        int kind = random.nextInt(20);
        if (kind < 13) {
            return router.chat(request);
        }
        if (kind < 19) {
            try (ChatStream s = router.stream(request)) {
                if (kind == 18) {
                    Iterator<ChatChunk> it = s.iterator();
                    it.next();
                    return ChatResponse.builder().message(dev.llmrouter.api.ChatMessage.assistant("closed early"))
                            .route(s.response().route()).build();
                }
                for (ChatChunk ignored : s) {
                    // read it all
                }
                return s.response();
            }
        }
        try {
            // only a backstop: the router's 5 s overall deadline completes the future; on a machine
            // saturated by other builds the caller's own wake-up may lag far behind it
            return router.chatAsync(request).get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    /**
     * Threads started since {@code before} still alive after a grace period, except the WireMock
     * servers' own (Jetty grows its pool under load) and OkHttp's and Okio's process-wide daemons.
     */
    private static List<String> leftoverThreads(Set<Thread> before) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left;
        do {
            left = Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> !before.contains(e.getKey()) && e.getKey().isAlive())
                    .filter(e -> !serverSide(e.getValue()))
                    .map(e -> e.getKey().getName())
                    .filter(n -> !n.startsWith("OkHttp TaskRunner") && !n.equals("Okio Watchdog")
                            && !n.startsWith("Connector-Scheduler"))
                    .collect(Collectors.toList());
            if (left.isEmpty()) {
                return left;
            }
            Thread.onSpinWait();
        } while (System.nanoTime() < until);
        return left;
    }

    private static boolean serverSide(StackTraceElement[] stack) {
        for (StackTraceElement f : stack) {
            if (f.getClassName().contains("jetty") || f.getClassName().contains("wiremock")) {
                return true;
            }
        }
        return false;
    }
}
