package dev.llmrouter.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmrouter.ManualTimeSource;
import java.io.IOException;
import java.time.Duration;
import okhttp3.EventListener;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The probe before sending on a reused connection costs the request up to 1 ms (a read that times
 * out), so it must follow real idleness only: idle time starts when the previous exchange gave the
 * connection back (its body read), not when its headers came. A stream of several seconds is not
 * idle time (before, every request after a stream longer than a second paid a probe).
 */
@Tag("integration")
class PooledConnectionsTest {
    private final ManualTimeSource clock = new ManualTimeSource();
    private final PooledConnections pooled = new PooledConnections(clock);
    private WireMockServer server;
    private OkHttpClient client;

    @BeforeEach
    void start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        server.stubFor(post(urlEqualTo("/x")).willReturn(aResponse().withStatus(200).withBody("a body of some length")));
        client = pooled.install(new OkHttpClient.Builder().retryOnConnectionFailure(false), null).build();
    }

    @AfterEach
    void stop() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        server.stop();
    }

    private Response send() throws IOException {
        return client.newCall(new Request.Builder().url(server.url("/x"))
                .post(RequestBody.create("{}", MediaType.get("application/json"))).build()).execute();
    }

    @Test
    void timeSpentReadingALongBodyIsNotIdleTime() throws IOException {
        try (Response first = send()) {
            // the headers are in; the body (a long stream, say) takes 6 s on the router's clock
            clock.advance(Duration.ofSeconds(6));
            assertThat(first.body().string()).isEqualTo("a body of some length");
        }
        try (Response second = send()) {
            assertThat(second.body().string()).isEqualTo("a body of some length");
        }
        assertThat(pooled.probes()).as("the connection was busy, not idle: no probe").isZero();
        assertThat(client.connectionPool().connectionCount()).isEqualTo(1);
    }

    @Test
    void aConnectionIdleForASecondAfterItsLastExchangeIsProbedOnceAndKept() throws IOException {
        try (Response first = send()) {
            first.body().string();
        }
        clock.advance(PooledConnections.PROBE_AFTER);
        try (Response second = send()) {
            assertThat(second.body().string()).isEqualTo("a body of some length");
        }
        try (Response third = send()) {
            third.body().string();
        }
        assertThat(pooled.probes()).as("only the request after the idle second").isEqualTo(1);
        assertThat(client.connectionPool().connectionCount()).as("healthy: kept").isEqualTo(1);
    }

    @Test
    void aCallersOwnEventListenerStillHearsEveryEvent() throws IOException {
        java.util.concurrent.atomic.AtomicInteger ends = new java.util.concurrent.atomic.AtomicInteger();
        EventListener callers = new EventListener() {
            @Override
            public void callEnd(okhttp3.Call call) {
                ends.incrementAndGet();
            }
        };
        OkHttpClient withListener = pooled.install(new OkHttpClient.Builder(), call -> callers).build();
        try (Response r = withListener.newCall(new Request.Builder().url(server.url("/x"))
                .post(RequestBody.create("{}", MediaType.get("application/json"))).build()).execute()) {
            r.body().string();
        }
        assertThat(ends).hasValue(1);
        withListener.connectionPool().evictAll();
    }
}
