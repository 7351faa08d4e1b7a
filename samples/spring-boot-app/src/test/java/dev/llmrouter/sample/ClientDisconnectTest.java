package dev.llmrouter.sample;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.spi.event.RequestCompletedEvent;
import dev.llmrouter.spi.event.RouterListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A client that disconnects in the middle of a stream ends the provider call: the provider (WireMock)
 * would dribble its answer for 30 s, but the request completes, cancelled, long before, and the
 * deployment has nothing in flight any more.
 */
@Tag("integration")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ClientDisconnectTest {
    private static final WireMockServer WM = new WireMockServer(wireMockConfig().dynamicPort());
    private static final String DEPLOYMENT = "slow/server/m#0";

    static {
        WM.start();
        StringBuilder sse = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            sse.append("data: {\"id\":\"s\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"word").append(i)
                    .append(" \"}}]}\n\n");
        }
        sse.append("data: [DONE]\n\n");
        WM.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
                .withBody(sse.toString()).withChunkedDribbleDelay(30, 30_000)));
    }

    @AfterAll
    static void stop() {
        WM.stop();
    }

    @DynamicPropertySource
    static void router(DynamicPropertyRegistry r) {
        // inline keys instead of the app's router.yaml
        r.add("llmrouter.config", () -> "");
        r.add("llmrouter.providers.server.type", () -> "openai_compatible");
        r.add("llmrouter.providers.server.base-url", () -> "http://127.0.0.1:" + WM.port() + "/v1");
        r.add("llmrouter.models.slow.deployments[0].provider", () -> "server");
        r.add("llmrouter.models.slow.deployments[0].model", () -> "m");
        r.add("llmrouter.router-settings.num-retries", () -> "0");
        r.add("llmrouter.router-settings.timeouts.stream", () -> "60s");
        r.add("llmrouter.router-settings.timeouts.overall", () -> "90s");
    }

    @TestConfiguration
    static class Completion {
        final CompletableFuture<LlmRouterException> ended = new CompletableFuture<>();

        @Bean
        RouterListener completionListener() {
            return new RouterListener() {
                @Override
                public void onRequestCompleted(RequestCompletedEvent event) {
                    ended.complete(event.failure().orElse(null));
                }
            };
        }
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    Completion completion;

    @Autowired
    LlmRouter router;

    @Test
    void disconnectingMidStreamCancelsTheProviderCall() throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/chat/stream?prompt=hi&model=slow")
                .toURL().openConnection();
        c.setReadTimeout(20_000);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.startsWith("data:")) {
                // up to the first chunk
            }
            assertThat(line).contains("word0");
        } finally {
            c.disconnect();
        }
        // a wait, not a timing assert: without the cancel the provider's answer ends only after 30 s
        LlmRouterException failure = completion.ended.get(20, TimeUnit.SECONDS);
        assertThat(failure).isNotNull();
        assertThat(failure.failureKind().wireName()).isEqualTo("cancelled");
        assertThat(router.healthSnapshot().deployment(DEPLOYMENT).orElseThrow().inFlight()).isZero();
    }
}
