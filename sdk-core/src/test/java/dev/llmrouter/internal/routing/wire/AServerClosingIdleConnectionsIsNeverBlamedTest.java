package dev.llmrouter.internal.routing.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.config.Secret;
import dev.llmrouter.spi.provider.ProviderType;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spi.state.CircuitView;
import dev.llmrouter.testing.canary.SecretsCanary;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15, found walking docs/operations.md: vLLM (uvicorn) and llama.cpp close a keep-alive
 * connection after 5 s idle. A POST sent 5-10 s after the previous one went out on the pooled
 * connection the server had closed (OkHttp checks one before a POST only after 10 s idle, and its
 * own re-send is off so that every request a server receives is a counted attempt), failed before
 * any answer, and counted toward the deployment's {@code allowed_fails}: a healthy server was blamed.
 *
 * <p>Now a reused connection idle for a second or more (on the router's clock, injected here) is
 * probed before sending and dropped when the server closed it; and a failure before any answer on a
 * reused connection, which no probe can see coming (the server closes it as the request arrives),
 * is let off once per model group's turn: not counted by the circuit, one more attempt that uses no
 * retry. It stays a counted attempt: the server receives exactly the attempts the route records.
 * Every router here has {@code num_retries: 0}, so only the let-off attempt can answer after a failure.
 */
@Tag("integration")
class AServerClosingIdleConnectionsIsNeverBlamedTest {
    private KeepAliveServer server;
    private final ManualTimeSource clock = new ManualTimeSource();
    private LlmRouter router;

    @BeforeEach
    void start() throws Exception {
        server = new KeepAliveServer();
        ProviderConfig vllm = ProviderConfig.builder("vllm", ProviderType.OPENAI_COMPATIBLE).baseUrl(server.baseUrl())
                .apiKey(Secret.of(SecretsCanary.OPENAI)).build();
        router = LlmRouter.builder().timeSource(clock).config(RouterConfig.builder().provider(vllm)
                .model("g", DeploymentConfig.of("vllm", "m"))
                .routerSettings(RouterSettings.builder().numRetries(0).allowedFails(1).build()).build()).build();
    }

    @AfterEach
    void stop() throws Exception {
        router.close();
        server.close();
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsFoundClosedAndNothingIsSentOnIt() throws Exception {
        server.closeIdleConnectionsAfter(100);
        for (int call = 1; call <= 3; call++) {
            ChatResponse r = chat();
            assertThat(r.text()).isEqualTo("hello");
            assertThat(r.route().attempts()).as("attempts of call %d", call).hasSize(1);
            assertThat(server.awaitIdleClose()).as("the server closed the idle connection").isTrue();
            // the idle time a 5 s keep-alive would need, on the router's clock
            clock.advance(Duration.ofSeconds(6));
        }
        assertThat(server.received()).as("requests received = attempts counted").isEqualTo(3);
        assertThat(server.accepted()).isEqualTo(3);
        assertThat(circuit().failuresInWindow()).isZero();
    }

    @Test
    void aHealthyIdleConnectionIsProbedAndKept() {
        for (int call = 1; call <= 3; call++) {
            assertThat(chat().text()).isEqualTo("hello");
            clock.advance(Duration.ofSeconds(6));
        }
        assertThat(server.received()).isEqualTo(3);
        assertThat(server.accepted()).as("one connection carried all three").isEqualTo(1);
    }

    @ParameterizedTest(name = "stream={0}")
    @ValueSource(booleans = {false, true})
    void aConnectionClosedJustAsTheRequestArrivesIsNotHeldAgainstTheServer(boolean stream) {
        server.mode(KeepAliveServer.Mode.DROP_ON_A_REUSED_CONNECTION);
        assertThat(chat().text()).isEqualTo("hello");

        // the pooled connection looks alive to any probe; the server drops the request that comes on it
        ChatResponse r = stream ? streamed() : chat();
        assertThat(r.text()).isEqualTo("hello");
        assertThat(r.route().attempts()).as("the dropped attempt and the one that answered").hasSize(2);
        assertThat(server.received()).as("requests received = attempts counted").isEqualTo(3);
        assertThat(circuit().state()).as("allowed_fails 1: one counted failure would open the circuit")
                .isEqualTo(CircuitState.CLOSED);
        assertThat(circuit().failuresInWindow()).isZero();
        assertThat(chat().text()).as("the deployment is still available").isEqualTo("hello");
    }

    @Test
    void aServerThatDropsEveryRequestIsStillBlamed() {
        assertThat(chat().text()).isEqualTo("hello");
        server.mode(KeepAliveServer.Mode.DROP_ALL);

        ProviderUnavailableException e = catchThrowableOfType(ProviderUnavailableException.class, this::chat);

        assertThat(e).as("the second failure, on a new connection, is the server's").isNotNull();
        assertThat(e.route().attempts()).as("the let-off attempt on the reused connection, then one more").hasSize(2);
        assertThat(server.received()).as("requests received = attempts counted").isEqualTo(3);
        assertThat(circuit().state()).as("allowed_fails 1: the counted failure opened it").isEqualTo(CircuitState.OPEN);
    }

    @Test
    void aFailureOnANewConnectionIsTheServers() {
        server.mode(KeepAliveServer.Mode.DROP_ALL);

        ProviderUnavailableException e = catchThrowableOfType(ProviderUnavailableException.class, this::chat);

        assertThat(e).isNotNull();
        assertThat(e.route().attempts()).hasSize(1);
        assertThat(server.received()).isEqualTo(1);
        assertThat(circuit().state()).as("allowed_fails 1: the counted failure opened it").isEqualTo(CircuitState.OPEN);
    }

    private ChatResponse chat() {
        return router.chat(ChatRequest.builder().model("g").user("hi").build());
    }

    private ChatResponse streamed() {
        try (ChatStream s = router.stream(ChatRequest.builder().model("g").user("hi").build())) {
            return s.response();
        }
    }

    private CircuitView circuit() {
        return router.healthSnapshot().deployments().get(0).circuit();
    }
}
