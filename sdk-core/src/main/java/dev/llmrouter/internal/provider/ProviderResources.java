package dev.llmrouter.internal.provider;

import dev.llmrouter.TimeSource;
import dev.llmrouter.internal.http.NoHiddenResends;
import dev.llmrouter.internal.http.PooledConnections;
import dev.llmrouter.internal.http.ResponseBudget;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * What all adapters of one router share: one {@link OkHttpClient} (one connection pool), one timer
 * thread that enforces call deadlines, and the clock. One per router, created by it and closed with
 * it; adapters never create their own.
 *
 * <p>Defaults of the client: connect timeout 10 s; no read or call timeout at the client level,
 * because every call's limits come from its {@link CallContext}; up to 64 idle pooled connections
 * kept 5 minutes; response bodies in flight together at most {@link ResponseBudget#defaultBytes()}.
 * A pooled HTTP/1 connection idle for a second or more is checked before a request goes out on it,
 * and a failure on a reused one is marked ({@link PooledConnections}): a server's short keep-alive
 * (5 s for vLLM and llama.cpp) is not the server's fault. The pool keeps idle connections 5 minutes
 * all the same, not under 5 s: a cloud provider's TLS connection then survives a pause of a few seconds.
 * OkHttp never sends a request again by itself: its re-send on a connection failure is off, a
 * {@code 503} with {@code Retry-After: 0} is not followed up ({@link NoHiddenResends}), and a redirect
 * of a chat request is not followed (it is a configuration error: {@code HttpTransport#errorFor}).
 * Thread-safe.
 */
public final class ProviderResources implements AutoCloseable {
    private final OkHttpClient http;
    private final OkHttpClient idempotentHttp;
    private final ScheduledExecutorService timer;
    private final TimeSource time;
    private final boolean ownsClient;
    private final ResponseBudget budget;

    private ProviderResources(OkHttpClient http, boolean ownsClient, TimeSource time, ResponseBudget budget) {
        this.http = http;
        // same pool and dispatcher; may send a GET again on a fresh connection when a pooled one
        // turns out to be closed by the server (its keep-alive ran out: 5 s for vLLM and llama.cpp)
        // and, unlike chat requests, follows redirects: a GET changes nothing on the server
        this.idempotentHttp = http.newBuilder().retryOnConnectionFailure(true).followRedirects(true).build();
        this.budget = Objects.requireNonNull(budget, "budget");
        this.ownsClient = ownsClient;
        this.time = Objects.requireNonNull(time, "time");
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "llmrouter-deadlines-" + n.incrementAndGet());
            th.setDaemon(true);
            return th;
        });
        // most deadline timers are cancelled because the call finished first: drop them at once
        t.setRemoveOnCancelPolicy(true);
        this.timer = Executors.unconfigurableScheduledExecutorService(t);
    }

    /** Resources with a new client of the default settings and the system clock. */
    public static ProviderResources create() {
        return create(TimeSource.system());
    }

    /** Resources with a new client of the default settings and the given clock. */
    public static ProviderResources create(TimeSource time) {
        return create(time, ResponseBudget.defaultBytes());
    }

    /**
     * As {@link #create(TimeSource)}, with a router-wide budget of {@code responseBudgetBytes} for
     * the response bodies that calls in flight hold in memory together.
     */
    public static ProviderResources create(TimeSource time, long responseBudgetBytes) {
        OkHttpClient client = new PooledConnections(time).install(NoHiddenResends.install(new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ofSeconds(30))
                .callTimeout(Duration.ZERO)
                .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
                .retryOnConnectionFailure(false)
                .followRedirects(false)), null)
                .build();
        return new ProviderResources(client, true, time, new ResponseBudget(responseBudgetBytes));
    }

    /**
     * Resources over a caller's client (for its proxy, TLS or interceptor settings). The router
     * derives its own client from it with {@link OkHttpClient#newBuilder()}, which shares the
     * caller's pool and dispatcher, and does not shut it down on close. The derived client never
     * re-sends a request by itself ({@code retryOnConnectionFailure(false)}): only the router retries,
     * so every request a server receives is an attempt the router counted against limits and circuits;
     * for the same reason it does not follow redirects of chat requests.
     * It adds the {@link NoHiddenResends} and {@link PooledConnections} interceptors after the caller's own.
     */
    public static ProviderResources using(OkHttpClient client, TimeSource time) {
        Objects.requireNonNull(client, "client");
        OkHttpClient own = new PooledConnections(time).install(NoHiddenResends.install(
                client.newBuilder().retryOnConnectionFailure(false).followRedirects(false)), client.eventListenerFactory())
                .build();
        return new ProviderResources(own, false, time, new ResponseBudget(ResponseBudget.defaultBytes()));
    }

    /** The router-wide budget for response bodies held in memory by calls in flight. */
    public ResponseBudget budget() {
        return budget;
    }

    /** The shared HTTP client. */
    public OkHttpClient http() {
        return http;
    }

    /**
     * The shared client for requests that are not attempts and change nothing on the server (health
     * probes and model listings, all {@code GET}): unlike {@link #http()} it sends the request again
     * on a new connection when a pooled connection was closed by the server, so a server's short
     * keep-alive never makes a healthy server look down. Shares {@link #http()}'s pool.
     */
    public OkHttpClient idempotentHttp() {
        return idempotentHttp;
    }

    /** The shared deadline timer (one daemon thread). Tasks must be short and never block. */
    public ScheduledExecutorService timer() {
        return timer;
    }

    /** The clock. */
    public TimeSource time() {
        return time;
    }

    /** Stops the timer and, when the client is ours, closes idle connections and its dispatcher. */
    @Override
    public void close() {
        timer.shutdownNow();
        if (ownsClient) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }
}
