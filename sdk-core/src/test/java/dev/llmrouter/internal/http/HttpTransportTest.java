package dev.llmrouter.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.llmrouter.api.AttemptTimeoutException;
import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.FailureKind;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.api.ProviderOverloadedException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.RequestCancelledException;
import dev.llmrouter.api.StreamBrokenException;
import dev.llmrouter.api.StreamIdleTimeoutException;
import dev.llmrouter.api.StreamTimeoutException;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.Secret;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ProviderType;
import dev.llmrouter.internal.provider.testing.ProviderWireMock;
import dev.llmrouter.internal.provider.testing.RawServer;
import dev.llmrouter.internal.provider.testing.RawServer.Ending;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.ConnectionPool;
import okhttp3.Request;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("contract")
class HttpTransportTest {
    @RegisterExtension
    static final ProviderWireMock WM = ProviderWireMock.create();

    private static final String KEY = "sk-test-very-secret-key";

    private HttpTransport transport(long maxBody, int maxLine) {
        ProviderConfig c = ProviderConfig.builder("p1", ProviderType.OPENAI_COMPATIBLE).baseUrl(WM.baseUrl()).apiKey(Secret.of(KEY))
                .maxResponseBytes(maxBody).maxLineBytes(maxLine).build();
        return new HttpTransport(c, WM.resources());
    }

    private HttpTransport transport() {
        return transport(ProviderConfig.DEFAULT_MAX_RESPONSE_BYTES, ProviderConfig.DEFAULT_MAX_LINE_BYTES);
    }

    private Request getReq(HttpTransport t, String path) {
        return t.request(WM.baseUrl() + path).header("Authorization", "Bearer " + KEY).build();
    }

    private static Request getAt(HttpTransport t, String url) {
        return t.request(url).build();
    }

    private static CallContext ctx(long millis) {
        return CallContext.of(Duration.ofMillis(millis));
    }

    /** Waits until every task the shared timer had due within {@code millis} has run. */
    private void drainTimer(long millis) throws InterruptedException, ExecutionException, TimeoutException {
        WM.resources().timer().schedule(() -> null, millis, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
    }

    @Test
    void readsAWholeBodyAndCancelsItsDeadlineTimer() throws Exception {
        WM.stubFor(get(urlEqualTo("/x")).willReturn(aResponse().withStatus(200).withHeader("x-request-id", "rid-1").withBody("{\"ok\":true}")));
        HttpTransport t = transport();
        CallContext c = ctx(1500);
        HttpResult r = t.executeOk(getReq(t, "/x"), c);
        assertThat(t.json(r).get("ok").asBoolean()).isTrue();
        assertThat(r.requestId()).isEqualTo("rid-1");
        drainTimer(1600);
        assertThat(c.isCancelled()).as("the deadline timer must be cancelled when the call ends").isFalse();
    }

    @Test
    void connectionRefusedIsAConnectionFailure() throws IOException {
        String url = RawServer.unreachableUrl();
        HttpTransport t = transport();
        assertThatThrownBy(() -> t.execute(getAt(t, url + "/x"), ctx(5000)))
                .isInstanceOf(ProviderUnavailableException.class)
                .satisfies(e -> assertThat(((LlmRouterException) e).failureKind()).isEqualTo(FailureKind.CONNECTION));
    }

    @Test
    void resetBeforeAResponseIsAConnectionFailure() {
        WM.stubFor(get(urlEqualTo("/x")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        HttpTransport t = transport();
        assertThatThrownBy(() -> t.execute(getReq(t, "/x"), ctx(5000))).isInstanceOf(ProviderUnavailableException.class)
                .satisfies(e -> assertThat(((LlmRouterException) e).failureKind()).isEqualTo(FailureKind.CONNECTION));
    }

    @Test
    void truncatedBodyIsMalformed() throws IOException {
        try (RawServer s = new RawServer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"id\":\"x\",",
                false, Ending.CLOSE)) {
            HttpTransport t = transport();
            assertThatThrownBy(() -> t.execute(getAt(t, s.url() + "/x"), ctx(5000))).isInstanceOf(MalformedResponseException.class)
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void malformedChunkIsAnError() {
        WM.stubFor(get(urlEqualTo("/x")).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        HttpTransport t = transport();
        assertThatThrownBy(() -> t.json(t.executeOk(getReq(t, "/x"), ctx(5000))))
                .isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void oversizeBodyIsMalformedNamingTheLimit() {
        WM.stubFor(get(urlEqualTo("/big")).willReturn(aResponse().withStatus(200).withBody("x".repeat(5000))));
        WM.stubFor(get(urlEqualTo("/chunked")).willReturn(aResponse().withStatus(200).withBody("y".repeat(5000))
                .withChunkedDribbleDelay(5, 50)));
        HttpTransport t = transport(1000, 100);
        assertThatThrownBy(() -> t.execute(getReq(t, "/big"), ctx(5000))).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("1000 bytes");
        assertThatThrownBy(() -> t.execute(getReq(t, "/chunked"), ctx(5000))).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("1000 bytes");
    }

    @Test
    void errorStatusIsClassifiedAndSecretsNeverShow() {
        WM.stubFor(get(urlEqualTo("/x")).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\",\"type\":\"invalid_request_error\","
                        + "\"code\":\"invalid_api_key\"}}")));
        HttpTransport t = transport();
        assertThatThrownBy(() -> t.executeOk(getReq(t, "/x"), ctx(5000))).isInstanceOf(AuthenticationException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain(KEY).contains("Incorrect API key provided: ****");
                    assertThat(e.toString()).doesNotContain(KEY);
                    assertThat(((AuthenticationException) e).error().toString()).doesNotContain(KEY);
                });
    }

    @Test
    void slowResponseHitsTheCallTimeoutPromptly() {
        WM.stubFor(get(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(10_000)));
        HttpTransport t = transport();
        long start = System.nanoTime();
        assertThatThrownBy(() -> t.execute(getReq(t, "/slow"), ctx(300))).isInstanceOf(AttemptTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    /**
     * Issue 15, defect 10: the attempt deadline was armed when the request was about to be sent, so
     * the time a starved thread spent before that (up to half a second at load 15) was added to the
     * attempt. It runs from the context's making now; an attempt whose time ran out before sending
     * sends nothing.
     */
    @Test
    void anAttemptWhoseTimeRanOutBeforeSendingTimesOutWithoutSending() throws Exception {
        WM.stubFor(post(urlEqualTo("/late")).willReturn(aResponse().withStatus(200).withBody("{}")));
        HttpTransport t = transport();
        CallContext c = ctx(300);
        // the thread that should send it waited for a CPU until the attempt's time was up; the limit
        // runs on nanoTime (the deadline timer's clock), so this waits exactly that long, no polling.
        // 300 ms, not less: before the fix the limit was armed at sending, and the server must then
        // surely answer within it for this test to catch that
        for (long left = c.remainingNanos(); left > 0; left = c.remainingNanos()) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
        }

        assertThatThrownBy(() -> t.execute(t.request(WM.baseUrl() + "/late")
                .post(HttpTransport.jsonBody(new byte[] {'{', '}'})).build(), c)).isInstanceOf(AttemptTimeoutException.class);
        assertThat(WM.getAllServeEvents()).as("requests sent").isEmpty();
    }

    @Test
    void slowDribbledBodyHitsTheCallTimeout() {
        WM.stubFor(get(urlEqualTo("/drip")).willReturn(aResponse().withStatus(200).withBody("{\"a\":\"" + "z".repeat(100) + "\"}")
                .withChunkedDribbleDelay(10, 10_000)));
        HttpTransport t = transport();
        long start = System.nanoTime();
        assertThatThrownBy(() -> t.execute(getReq(t, "/drip"), ctx(500))).isInstanceOf(AttemptTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void cancellingTheContextAbortsTheCallWithItsReason() {
        WM.stubFor(get(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(10_000)));
        HttpTransport t = transport();
        CallContext c = ctx(30_000);
        WM.resources().timer().schedule(() -> c.cancel(new RequestCancelledException("caller gave up", null)), 200, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        assertThatThrownBy(() -> t.execute(getReq(t, "/slow"), c)).isInstanceOf(RequestCancelledException.class).hasMessage("caller gave up");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    // ---- streams ----

    private Request postReq(HttpTransport t, String path) {
        return t.request(WM.baseUrl() + path).post(HttpTransport.jsonBody(Json.object())).build();
    }

    private static String sse(int events) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < events; i++) {
            sb.append("data: {\"i\":").append(i).append("}\n\n");
        }
        return sb.toString();
    }

    @Test
    void streamsEventsAndEndsCleanly() throws Exception {
        WM.stubFor(post(urlEqualTo("/s")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream; charset=utf-8")
                .withHeader("x-request-id", "rs").withBody(": hi\n\n" + sse(3) + "data: [DONE]\n\n")));
        HttpTransport t = transport();
        CallContext c = CallContext.forStream(Duration.ofSeconds(5), Duration.ofMillis(800), Duration.ofMillis(400));
        try (HttpStream s = t.openStream(postReq(t, "/s"), c, StreamFormat.SSE)) {
            assertThat(s.requestId()).contains("rs");
            SseReader r = new SseReader(s, 1000, t.provider());
            assertThat(r.next().data()).isEqualTo("{\"i\":0}");
            assertThat(r.next().data()).isEqualTo("{\"i\":1}");
            assertThat(r.next().data()).isEqualTo("{\"i\":2}");
            assertThat(r.next().isDone()).isTrue();
            assertThat(r.next()).isNull();
        }
        drainTimer(900);
        assertThat(c.isCancelled()).as("stream and idle timers must be cancelled when the stream ends").isFalse();
    }

    @Test
    void wrongContentTypeIsMalformedUnlessItIsAnErrorEnvelope() {
        WM.stubFor(post(urlEqualTo("/html")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html><title>Proxy login</title></html>")));
        WM.stubFor(post(urlEqualTo("/json")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}")));
        WM.stubFor(post(urlEqualTo("/502")).willReturn(aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                .withBody("<html>Bad Gateway</html>")));
        HttpTransport t = transport();
        CallContext c = CallContext.forStream(Duration.ofSeconds(5), null, null);
        assertThatThrownBy(() -> t.openStream(postReq(t, "/html"), c, StreamFormat.SSE)).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("text/event-stream").hasMessageContaining("text/html").hasMessageContaining("Proxy login");
        assertThatThrownBy(() -> t.openStream(postReq(t, "/json"), c, StreamFormat.SSE)).isInstanceOf(ProviderOverloadedException.class);
        assertThatThrownBy(() -> t.openStream(postReq(t, "/502"), c, StreamFormat.NDJSON)).isInstanceOf(ProviderUnavailableException.class)
                .satisfies(e -> assertThat(((LlmRouterException) e).status()).isEqualTo(502));
    }

    @Test
    void oversizeStreamLineIsMalformed() {
        WM.stubFor(post(urlEqualTo("/s")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody("data: " + "q".repeat(500) + "\n\n")));
        HttpTransport t = transport(ProviderConfig.DEFAULT_MAX_RESPONSE_BYTES, 128);
        try (HttpStream s = t.openStream(postReq(t, "/s"), CallContext.forStream(Duration.ofSeconds(5), null, null), StreamFormat.SSE)) {
            assertThatThrownBy(() -> new SseReader(s, 128, "p1").next()).isInstanceOf(MalformedResponseException.class)
                    .hasMessageContaining("128 bytes");
        }
    }

    @Test
    void noFirstChunkInTimeIsAnAttemptTimeout() {
        WM.stubFor(post(urlEqualTo("/s")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(sse(1)).withFixedDelay(10_000)));
        HttpTransport t = transport();
        long start = System.nanoTime();
        assertThatThrownBy(() -> {
            try (HttpStream s = t.openStream(postReq(t, "/s"), CallContext.forStream(Duration.ofMillis(300), null, null), StreamFormat.SSE)) {
                new SseReader(s, 1000, "p1").next();
            }
        }).isInstanceOf(AttemptTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void keepAliveCommentsDoNotCountAsAFirstChunk() throws IOException {
        // comments trickle in, but no event: the first-chunk deadline must still fire
        try (RawServer srv = new RawServer("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n: keep-alive\n\n: keep-alive\n\n",
                true, Ending.CLOSE)) {
            HttpTransport t = transport();
            long start = System.nanoTime();
            assertThatThrownBy(() -> {
                try (HttpStream s = t.openStream(getAt(t, srv.url() + "/s"), CallContext.forStream(Duration.ofMillis(400), null, null),
                        StreamFormat.SSE)) {
                    new SseReader(s, 1000, "p1").next();
                }
            }).isInstanceOf(AttemptTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void gapBetweenChunksHitsTheIdleTimeout() {
        // two chunks a second apart; the first holds one whole event, and the gap is over the idle limit
        String body = "data: a\n\n:" + "x".repeat(30) + "\n\ndata: b\n\n";
        WM.stubFor(post(urlEqualTo("/s")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(body).withChunkedDribbleDelay(2, 2_000)));
        HttpTransport t = transport();
        CallContext c = CallContext.forStream(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMillis(300));
        try (HttpStream s = t.openStream(postReq(t, "/s"), c, StreamFormat.SSE)) {
            SseReader r = new SseReader(s, 1000, "p1");
            assertThat(r.next().data()).isEqualTo("a");
            s.firstChunkProduced(); // what the adapter's decoder says for an event with content
            long start = System.nanoTime();
            assertThatThrownBy(r::next).isInstanceOf(StreamIdleTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_500));
        }
    }

    @Test
    void steadyButEndlessStreamHitsTheTotalStreamTimeout() {
        WM.stubFor(post(urlEqualTo("/s")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(sse(200)).withChunkedDribbleDelay(100, 20_000)));
        HttpTransport t = transport();
        CallContext c = CallContext.forStream(Duration.ofSeconds(5), Duration.ofMillis(1_000), Duration.ofSeconds(3));
        long start = System.nanoTime();
        assertThatThrownBy(() -> {
            try (HttpStream s = t.openStream(postReq(t, "/s"), c, StreamFormat.SSE)) {
                SseReader r = new SseReader(s, 1000, "p1");
                r.next();
                s.firstChunkProduced(); // the stream limit runs from the first chunk with content
                while (r.next() != null) {
                    // keep reading until the deadline stops us
                }
            }
        }).isInstanceOf(StreamTimeoutException.class).isNotInstanceOf(StreamIdleTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void resetMidStreamIsABrokenStream() throws IOException {
        try (RawServer srv = RawServer.resettingOnRelease(RawServer.chunked200("Content-Type: text/event-stream\r\n", "data: {\"i\":0}\n\n"))) {
            HttpTransport t = transport();
            try (HttpStream s = t.openStream(getAt(t, srv.url() + "/s"), CallContext.forStream(Duration.ofSeconds(5), null, null),
                    StreamFormat.SSE)) {
                SseReader r = new SseReader(s, 1000, "p1");
                assertThat(r.next().data()).isEqualTo("{\"i\":0}");
                srv.release();
                assertThatThrownBy(r::next).isInstanceOf(StreamBrokenException.class);
            }
        }
    }

    @Test
    void closingAStreamEarlyFreesTheConnection() {
        WM.stubFor(post(urlEqualTo("/s")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(sse(100)).withChunkedDribbleDelay(50, 10_000)));
        HttpTransport t = transport();
        CallContext c = CallContext.forStream(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5));
        HttpStream s = t.openStream(postReq(t, "/s"), c, StreamFormat.SSE);
        assertThat(new SseReader(s, 1000, "p1").next()).isNotNull();
        ConnectionPool pool = WM.resources().http().connectionPool();
        assertThat(pool.connectionCount() - pool.idleConnectionCount()).isEqualTo(1);
        s.close();
        assertThat(pool.connectionCount() - pool.idleConnectionCount()).isZero();
        assertThatThrownBy(s::readLine).isInstanceOf(RequestCancelledException.class);
        assertThat(c.isCancelled()).isFalse();
    }

    @Test
    void closeFromAnotherThreadAbortsABlockedRead() throws IOException {
        try (RawServer srv = new RawServer("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: a\n\n", true, Ending.CLOSE)) {
            HttpTransport t = transport();
            HttpStream s = t.openStream(getAt(t, srv.url() + "/s"), CallContext.forStream(Duration.ofSeconds(5), null, null), StreamFormat.SSE);
            SseReader r = new SseReader(s, 1000, "p1");
            assertThat(r.next().data()).isEqualTo("a");
            WM.resources().timer().schedule(s::close, 200, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            assertThatThrownBy(r::next).isInstanceOf(RequestCancelledException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void cancellingTheContextMidStreamThrowsItsReasonAndFreesTheConnection() throws IOException {
        try (RawServer srv = new RawServer("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: a\n\n", true, Ending.CLOSE)) {
            HttpTransport t = transport();
            CallContext c = CallContext.forStream(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(10));
            HttpStream s = t.openStream(getAt(t, srv.url() + "/s"), c, StreamFormat.SSE);
            SseReader r = new SseReader(s, 1000, "p1");
            assertThat(r.next().data()).isEqualTo("a");
            WM.resources().timer().schedule(() -> c.cancel(new RequestCancelledException("caller left", null)), 200, TimeUnit.MILLISECONDS);
            assertThatThrownBy(r::next).isInstanceOf(RequestCancelledException.class).hasMessage("caller left");
            ConnectionPool pool = WM.resources().http().connectionPool();
            assertThat(pool.connectionCount() - pool.idleConnectionCount()).isZero();
        }
    }
}
