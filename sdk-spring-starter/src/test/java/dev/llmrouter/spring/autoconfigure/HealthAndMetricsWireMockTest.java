package dev.llmrouter.spring.autoconfigure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.spring.health.LlmRouterHealthIndicator;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Health and meters after real requests: a provider that answers 500 (its circuit opens after one
 * failure) and a fallback provider that answers, both OpenAI-compatible WireMock servers, under
 * Spring Boot's own observation and metrics auto-configuration.
 */
@Tag("integration")
class HealthAndMetricsWireMockTest {
    private static final WireMockServer BAD = new WireMockServer(wireMockConfig().dynamicPort());
    private static final WireMockServer WM = new WireMockServer(wireMockConfig().dynamicPort());

    @BeforeAll
    static void start() {
        BAD.start();
        WM.start();
        BAD.stubFor(post(urlEqualTo("/bad/v1/chat/completions")).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"boom\"}}")));
        WM.stubFor(post(urlEqualTo("/good/v1/chat/completions")).atPriority(5).willReturn(okJson("""
                {"id":"c1","object":"chat.completion","model":"good-model",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":11,"completion_tokens":7,"total_tokens":18}}""")));
    }

    @AfterAll
    static void stop() {
        WM.stop();
        BAD.stop();
    }

    private ApplicationContextRunner runner() {
        String base = "http://127.0.0.1:" + WM.port();
        String badBase = "http://127.0.0.1:" + BAD.port();
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                        LlmRouterAutoConfiguration.class, LlmRouterObservationAutoConfiguration.class,
                        LlmRouterHealthAutoConfiguration.class))
                .withPropertyValues("llmrouter.providers.bad.type=openai_compatible",
                        "llmrouter.providers.bad.base-url=" + badBase + "/bad/v1",
                        "llmrouter.providers.good.type=openai_compatible",
                        "llmrouter.providers.good.base-url=" + base + "/good/v1",
                        "llmrouter.models.primary.deployments[0].provider=bad",
                        "llmrouter.models.primary.deployments[0].model=bad-model",
                        "llmrouter.models.secondary.deployments[0].provider=good",
                        "llmrouter.models.secondary.deployments[0].model=good-model",
                        "llmrouter.fallbacks.primary[0]=secondary",
                        "llmrouter.router-settings.allowed-fails=1", "llmrouter.router-settings.num-retries=0",
                        "llmrouter.router-settings.cooldown-time=10m");
    }

    @Test
    void aFailingProviderShowsItsOpenCircuitAndTheMetersCarryTheGenAiNamesAndTags() {
        runner().run(ctx -> {
            LlmRouter router = ctx.getBean(LlmRouter.class);
            ChatResponse r = router.chat(ChatRequest.builder().model("primary").user("hi").build());
            assertThat(r.text()).isEqualTo("Hello");
            assertThat(r.route().fallbackGroups()).containsExactly("secondary");

            Health health = ctx.getBean(LlmRouterHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("unusableModels", java.util.List.of("primary"));
            Map<String, Object> bad = deployment(health, "primary", "primary/bad/bad-model#0");
            assertThat(bad).containsEntry("circuit", "OPEN").containsEntry("available", false)
                    .containsKey("recoversAt");
            assertThat(deployment(health, "secondary", "secondary/good/good-model#0")).containsEntry("circuit", "CLOSED")
                    .containsEntry("available", true);

            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            String port = Integer.toString(BAD.port());
            Timer failed = meters.get("gen_ai.client.operation.duration").tag("gen_ai.operation.name", "chat")
                    .tag("gen_ai.provider.name", "openai_compatible").tag("gen_ai.request.model", "bad-model")
                    .tag("gen_ai.response.model", "none").tag("server.address", "127.0.0.1").tag("server.port", port)
                    .tag("llmrouter.deployment", "primary/bad/bad-model#0").timer();
            assertThat(failed.count()).isEqualTo(1);
            assertThat(failed.getId().getTag("error.type")).startsWith("dev.llmrouter.api.").endsWith("Exception");
            Timer ok = meters.get("gen_ai.client.operation.duration").tag("gen_ai.request.model", "good-model")
                    .tag("gen_ai.response.model", "good-model").tag("error.type", "none").tag("llmrouter.outcome", "success")
                    .timer();
            assertThat(ok.count()).isEqualTo(1);
            DistributionSummary input = meters.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "input")
                    .tag("gen_ai.provider.name", "openai_compatible").tag("gen_ai.request.model", "good-model").summary();
            assertThat(input.totalAmount()).isEqualTo(11.0);
            assertThat(meters.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").summary().totalAmount())
                    .isEqualTo(7.0);
            assertThat(meters.get("llmrouter.fallbacks").tag("from", "primary").tag("to", "secondary").counter().count())
                    .isEqualTo(1.0);
            assertThat(meters.get("llmrouter.attempts").tag("deployment", "secondary/good/good-model#0")
                    .tag("outcome", "success").counter().count()).isEqualTo(1.0);
            assertThat(meters.get("llmrouter.circuit.state").tag("deployment", "primary/bad/bad-model#0").gauge().value())
                    .isEqualTo(2.0);
            assertThat(meters.get("llmrouter.circuit.state").tag("deployment", "secondary/good/good-model#0").gauge()
                    .value()).isEqualTo(0.0);
            assertThat(meters.get("llmrouter.request").tag("llmrouter.outcome", "success")
                    .tag("llmrouter.fallback", "true").timer().count()).isEqualTo(1);
        });
    }

    @Test
    void aStreamRecordsItsTimeToFirstChunk() {
        WM.stubFor(post(urlEqualTo("/good/v1/chat/completions")).atPriority(1)
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"stream\":true"))
                .willReturn(aResponse().withHeader("Content-Type", "text/event-stream").withBody("""
                        data: {"id":"s1","model":"good-model","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"}}]}

                        data: {"id":"s1","model":"good-model","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}

                        data: [DONE]

                        """)));
        runner().run(ctx -> {
            StringBuilder text = new StringBuilder();
            try (ChatStream s = ctx.getBean(LlmRouter.class).stream(ChatRequest.builder().model("secondary").user("hi").build())) {
                for (ChatChunk c : s) {
                    text.append(c.text());
                }
            }
            assertThat(text).hasToString("Hello");
            MeterRegistry meters = ctx.getBean(MeterRegistry.class);
            assertThat(meters.get("gen_ai.client.operation.time_to_first_chunk").tag("gen_ai.request.model", "good-model")
                    .timer().count()).isEqualTo(1);
            assertThat(meters.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "input").summary().totalAmount())
                    .isEqualTo(3.0);
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deployment(Health health, String group, String id) {
        Map<String, Object> models = (Map<String, Object>) health.getDetails().get("models");
        Map<String, Object> g = (Map<String, Object>) models.get(group);
        return (Map<String, Object>) ((Map<String, Object>) g.get("deployments")).get(id);
    }
}
