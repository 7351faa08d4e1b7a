package dev.llmrouter.internal.routing.wire;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ConfigException;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.config.Backoff;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.RouterSettings;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15, defect 5: OkHttp's {@code retryOnConnectionFailure} re-sent a POST after some connection
 * failures, so a server received requests the router never counted (no retry, no rate limit, no
 * cost). Only the router may retry: the server sees exactly the attempts the route records, with the
 * router's own client and with a caller's client alike.
 */
@Tag("integration")
class EveryServerRequestIsACountedAttemptTest {
    private WireMockServer server;
    private OkHttpClient callersClient;

    @BeforeEach
    void start() {
        server = Stubs.server();
        callersClient = Stubs.client();
    }

    @AfterEach
    void stop() {
        server.stop();
        Stubs.close(callersClient);
    }

    enum ClientKind { ROUTERS_OWN, CALLERS }

    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void aRequestDroppedOnAPooledConnectionIsNotSilentlySentAgain(ClientKind kind) {
        server.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.ok("warm")));
        RouterConfig config = RouterConfig.builder().provider(Stubs.provider("p", server))
                .model("g", DeploymentConfig.of("p", "m"))
                .routerSettings(RouterSettings.builder().numRetries(2)
                        .backoff(new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), 2, 0, Duration.ofSeconds(1)))
                        .build())
                .build();
        LlmRouter.Builder b = LlmRouter.builder().config(config);
        if (kind == ClientKind.CALLERS) {
            b.httpClient(callersClient);
        }
        try (LlmRouter router = b.build()) {
            // the first answer leaves a pooled keep-alive connection: the case where OkHttp re-sent
            router.chat(ChatRequest.builder().model("g").user("hi").build());
            server.resetRequests();
            server.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));

            LlmRouterException e = catchThrowableOfType(LlmRouterException.class,
                    () -> router.chat(ChatRequest.builder().model("g").user("hi").build()));

            int received = server.countRequestsMatching(postRequestedFor(urlEqualTo(Stubs.CHAT)).build()).getCount();
            // num_retries 2, and one more: the first failure, on the pooled connection, looks like a server
            // closing an idle keep-alive connection, so it uses no retry (AServerClosingIdleConnectionsIsNeverBlamedTest)
            assertThat(e.route().attempts()).hasSize(4);
            assertThat(received).as("requests the server received = attempts counted").isEqualTo(4);
        }
    }

    /**
     * Found 2026-12-06: OkHttp follows up a {@code 503} with {@code Retry-After: 0} by sending the
     * request again, whatever {@code retryOnConnectionFailure} says. The router decides on retries.
     */
    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void aServiceUnavailableWithRetryAfterZeroIsNotSentAgainByTheClient(ClientKind kind) {
        server.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(Stubs.error(503, "server_error", null, "overloaded")
                .withHeader("Retry-After", "0")));
        RouterConfig config = RouterConfig.builder().provider(Stubs.provider("p", server))
                .model("g", DeploymentConfig.of("p", "m"))
                .routerSettings(RouterSettings.builder().numRetries(0).build())
                .build();
        LlmRouter.Builder b = LlmRouter.builder().config(config);
        if (kind == ClientKind.CALLERS) {
            b.httpClient(callersClient);
        }
        try (LlmRouter router = b.build()) {
            LlmRouterException e = catchThrowableOfType(LlmRouterException.class,
                    () -> router.chat(ChatRequest.builder().model("g").user("hi").build()));

            int received = server.countRequestsMatching(postRequestedFor(urlEqualTo(Stubs.CHAT)).build()).getCount();
            assertThat(e.route().attempts()).hasSize(1);
            assertThat(received).as("requests the server received = attempts counted").isEqualTo(1);
            assertThat(e.retryAfter()).as("the server's hint still reaches the router").contains(Duration.ZERO);
        }
    }

    /**
     * OkHttp follows a {@code 307}/{@code 308} of a POST with its body: the address redirected to
     * received a request the router counted once, at another server. Chat requests do not follow
     * redirects; a redirect is a configuration error that names where to point {@code base_url}
     * (without the query, which may carry a key), for chats and streams alike.
     */
    @ParameterizedTest
    @EnumSource(ClientKind.class)
    void aRedirectedChatIsNotSentOnButReportedAsAConfigurationError(ClientKind kind) {
        String elsewhere = "/elsewhere/v1/chat/completions";
        server.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(aResponse().withStatus(307)
                .withHeader("Location", server.baseUrl() + elsewhere + "?api-key=sk-redirect-secret")));
        server.stubFor(post(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(elsewhere))
                .willReturn(Stubs.ok("from elsewhere")));
        RouterConfig config = RouterConfig.builder().provider(Stubs.provider("p", server))
                .model("g", DeploymentConfig.of("p", "m"))
                .routerSettings(RouterSettings.builder().numRetries(2).build())
                .build();
        LlmRouter.Builder b = LlmRouter.builder().config(config);
        if (kind == ClientKind.CALLERS) {
            b.httpClient(callersClient);
        }
        try (LlmRouter router = b.build()) {
            ChatRequest ask = ChatRequest.builder().model("g").user("hi").build();
            ConfigException chat = catchThrowableOfType(ConfigException.class, () -> router.chat(ask));
            ConfigException stream = catchThrowableOfType(ConfigException.class, () -> router.stream(ask).response());

            for (ConfigException e : java.util.List.of(chat, stream)) {
                assertThat(e).as("a redirect is a configuration error").isNotNull();
                assertThat(e.getMessage()).contains("provider 'p'", "HTTP 307", "redirect", elsewhere, "base_url")
                        .doesNotContain("sk-redirect-secret");
            }
            assertThat(server.countRequestsMatching(postRequestedFor(urlEqualTo(Stubs.CHAT)).build()).getCount())
                    .as("one request per call, not retried").isEqualTo(2);
            assertThat(server.countRequestsMatching(postRequestedFor(
                    com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(elsewhere)).build()).getCount())
                    .as("nothing reaches the address redirected to").isZero();
        }
    }
}
