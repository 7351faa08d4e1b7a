package dev.llmrouter.reliability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.RouterHealth;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.ConfigProblem;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.spi.provider.ProviderType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Issue 15, defect 9: the small misuses that passed silently, each now refused with a clear word. */
@Tag("unit")
class MisuseIsRejectedTest {

    @Test
    void aTemperatureThatIsNotANumberIsRejected() {
        assertThatThrownBy(() -> ChatRequest.builder().model("g").user("hi").temperature(Double.NaN).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("temperature must be between 0 and 2, got NaN");
        assertThatThrownBy(() -> ChatRequest.builder().model("g").user("hi").topP(Double.NaN).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("topP must be between 0 and 1, got NaN");
    }

    @Test
    void healthAfterCloseThrowsLikeEveryOtherCall() {
        LlmRouter router = LlmRouter.builder().config(RouterConfig.builder()
                .provider(ProviderConfig.builder("m", ProviderType.MOCK).build())
                .model("g", DeploymentConfig.of("m", "x")).build()).build();
        router.close();

        assertThatThrownBy(router::health).isInstanceOf(IllegalStateException.class).hasMessage("the router is closed");
        // the snapshot probes nothing: it stays readable, reporting the final state
        assertThat(router.healthSnapshot().deployments()).hasSize(1);
    }

    @Test
    void aRedisUrlWithAPortThatIsNotANumberIsRejectedWithoutQuotingIt() {
        String yaml = "providers:\n  m:\n    type: mock\nmodels:\n  g:\n    deployments:\n      - {provider: m, model: x}\n"
                + "redis:\n  url: \"redis://app:s3cret-pass@cache.internal:notaport/0\"\n";

        assertThat(ConfigLoader.readString(yaml, "r.yaml", k -> null).errors()).extracting(ConfigProblem::format)
                .containsExactly("r.yaml:9:8: error: redis url has a port that is not a number from 1 to 65535"
                        + " (write it like redis://127.0.0.1:6379/0 (rediss:// for TLS))");
    }

    @Test
    void aHealthProbeAnsweredWithAnHtmlPageIsNotHealthy() {
        WireMockServer web = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort());
        web.start();
        try {
            web.stubFor(get(urlEqualTo("/health")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "text/html; charset=utf-8").withBody("<!DOCTYPE html><html>Welcome</html>")));
            RouterConfig config = RouterConfig.builder()
                    .provider(ProviderConfig.builder("gpu", ProviderType.VLLM).baseUrl(web.baseUrl()).build())
                    .model("g", DeploymentConfig.of("gpu", "m")).build();
            try (LlmRouter router = LlmRouter.builder().config(config).build()) {
                RouterHealth.ProviderHealth gpu = router.health().provider("gpu").orElseThrow();

                assertThat(gpu.healthy()).isFalse();
                assertThat(gpu.reachable()).isTrue();
                assertThat(gpu.probe().detail()).isEqualTo("answered HTTP 200 with an HTML page, not a model server's answer");
            }
        } finally {
            web.stop();
        }
    }
}
