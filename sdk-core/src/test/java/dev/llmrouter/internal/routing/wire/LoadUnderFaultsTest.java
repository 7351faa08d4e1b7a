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
import com.github.tomakehurst.wiremock.http.Fault;
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
import dev.llmrouter.config.RateLimit;
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
 * Load under faults: 64 threads send a few thousand chats and streams through groups whose
 * deployments answer, answer slowly or dribble, hang, reset, fail with 500 and 429, or send
 * malformed bodies, next to mock providers failing at random. Every call must end in a response or
 * a typed exception; the servers receive no request the router did not count as an attempt (no
 * hidden re-send); afterwards the router's threads are gone and no pooled connection is left in
 * use. It prints how far calls ran past their overall deadline (docs/reliability.md). The size is
 * 64 x 50 calls; the documented long run: {@code -Dllmrouter.load.perThread=157} (10,048 calls).
 */
@Tag("slow")
class LoadUnderFaultsTest {
    private static final int THREADS = 64;
    private static final int PER_THREAD = Integer.getInteger("llmrouter.load.perThread", 50);
    private static final Duration OVERALL = Duration.ofSeconds(5);
    private static final Map<String, WireMockServer> SERVERS = new LinkedHashMap<>();

    @BeforeAll
    static void start() {
        for (String name : List.of("ok", "slow", "hang", "reset", "err500", "rate429", "malformed")) {
            WireMockServer s = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort()
                    .containerThreads(THREADS + 16));
            s.start();
            SERVERS.put(name, s);
        }
        stub("ok", Stubs.ok("fine"), Stubs.sse(Stubs.stream("all ", "good")));
        stub("slow", Stubs.ok("late").withUniformRandomDelay(100, 1_500),
                Stubs.sse(Stubs.stream("s1 ", "s2 ", "s3 ", "s4")).withChunkedDribbleDelay(4, 600));
        // longer than every limit: only the router's attempt deadline ends these
        stub("hang", Stubs.ok("never").withFixedDelay(10_000), Stubs.sse(Stubs.stream("h")).withFixedDelay(10_000));
        stub("reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), null);
        stub("err500", Stubs.error(500, "server_error", null, "boom"), null);
        stub("rate429", Stubs.error(429, "rate_limit_error", "rate_limit_exceeded", "slow down")
                .withHeader("retry-after", "1"), null);
        stub("malformed", aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK), null);
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

    private static RouterConfig config() {
        RouterConfig.Builder b = RouterConfig.builder();
        List<DeploymentConfig> mixed = new ArrayList<>();
        SERVERS.forEach((name, server) -> {
            b.provider(Stubs.provider(name, server));
            mixed.add(DeploymentConfig.builder(name, "m").limit(name.equals("ok") ? new RateLimit(100_000, null)
                    : RateLimit.NONE).build());
        });
        b.provider(ProviderConfig.builder("mock-flaky", ProviderType.MOCK).mock(Map.of("failure_rate", 0.3,
                "failure", 503, "latency", Duration.ofMillis(5), "chunk_delay", Duration.ofMillis(2))).build());
        b.provider(ProviderConfig.builder("mock-steady", ProviderType.MOCK).mock(Map.of("response", "steady answer",
                "chunk_delay", Duration.ofMillis(1))).maxParallelRequests(8).build());
        mixed.add(DeploymentConfig.of("mock-flaky", "m"));
        return b.model("mixed", mixed.toArray(DeploymentConfig[]::new))
                .model("fallback", DeploymentConfig.of("mock-steady", "m"), DeploymentConfig.of("ok", "m"))
                .fallbacks("mixed", "fallback")
                .routerSettings(RouterSettings.builder().allowedFails(3).cooldownTime(Duration.ofSeconds(1))
                        .numRetries(2).backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2, 0.25,
                                Duration.ofMillis(200)))
                        .timeouts(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(3),
                                Duration.ofMillis(800), OVERALL))
                        .build())
                .build();
    }

    @Test
    void everyCallEndsInAResponseOrATypedExceptionAndNothingLeaks() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        OkHttpClient client = Stubs.client();
        AtomicInteger answered = new AtomicInteger();
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Throwable> untyped = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> broken = new ConcurrentLinkedQueue<>();
        ExecutorService callers = Executors.newFixedThreadPool(THREADS);
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> attemptsByProvider = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> overshootMillis = new ConcurrentLinkedQueue<>();
        RouterListener tally = new RouterListener() {
            @Override
            public void onAttemptEnded(AttemptEndedEvent event) {
                outcomes.computeIfAbsent(event.deployment().provider() + ":" + event.record().outcome().wireName(), k -> new AtomicInteger()).incrementAndGet();
                attemptsByProvider.computeIfAbsent(event.deployment().provider(), k -> new AtomicInteger()).incrementAndGet();
            }
        };
        try (LlmRouter router = LlmRouter.builder().config(config()).httpClient(client).listener(tally).build()) {
            for (int t = 0; t < THREADS; t++) {
                callers.execute(() -> {
                    for (int i = 0; i < PER_THREAD; i++) {
                        long start = System.nanoTime();
                        try {
                            ChatResponse r = oneCall(router);
                            if (r.route().deploymentId() == null || !r.route().group().equals("mixed")) {
                                broken.add("response without its route: " + r.route());
                            }
                            answered.incrementAndGet();
                        } catch (LlmRouterException e) {
                            if (!e.route().requestedModel().equals("mixed")) {
                                broken.add("exception without its route: " + e);
                            }
                            failures.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger())
                                    .incrementAndGet();
                        } catch (Throwable e) {
                            untyped.add(e);
                        } finally {
                            long over = System.nanoTime() - start - OVERALL.toNanos();
                            if (over > 0) {
                                overshootMillis.add(TimeUnit.NANOSECONDS.toMillis(over));
                            }
                        }
                    }
                });
            }
            callers.shutdown();
            assertThat(callers.awaitTermination(90L + PER_THREAD * 2L, TimeUnit.SECONDS)).as("every call returned").isTrue();
            List<Long> over = overshootMillis.stream().sorted().toList();
            System.out.println("load under faults: " + THREADS * PER_THREAD + " calls, " + answered + " answered, failures "
                    + failures + ", attempts " + new TreeMap<>(outcomes) + "; past the overall deadline: " + over.size()
                    + " calls" + (over.isEmpty() ? "" : ", p50 " + over.get(over.size() / 2) + " ms, p99 "
                    + over.get(Math.min(over.size() - 1, over.size() * 99 / 100)) + " ms, max " + over.get(over.size() - 1)
                    + " ms") + " (load " + java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage() + ")");
            SERVERS.forEach((name, server) -> {
                int received = server.countRequestsMatching(postRequestedFor(urlEqualTo(Stubs.CHAT)).build()).getCount();
                int counted = attemptsByProvider.getOrDefault(name, new AtomicInteger()).get();
                // an attempt may end before its request is written (a deadline, a cancel): never the reverse
                assertThat(received).as("requests %s received, beyond the %d attempts the router counted", name, counted)
                        .isLessThanOrEqualTo(counted);
            });
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

    /** A chat (most), a stream read whole or closed early, or an async chat. */
    private static ChatResponse oneCall(LlmRouter router) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        RequestOptions.Builder options = RequestOptions.builder().metadata(Map.of("load", "1"));
        if (random.nextInt(4) == 0) {
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
            return router.chatAsync(request).get(10, TimeUnit.SECONDS);
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
