package dev.llmrouter.cli.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code health} (with and without {@code --wait}) and {@code models} against a llama.cpp-speaking WireMock server. */
@Tag("integration")
class HealthAndModelsTest {
    private static final String LOADING = "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}";

    @TempDir
    Path dir;

    private final WireMockServer server = new WireMockServer(options().dynamicPort());

    @BeforeEach
    void start() {
        server.start();
        server.stubFor(get(urlEqualTo("/v1/models")).willReturn(okJson("{\"object\":\"list\",\"data\":[{\"id\":\"qwen2.5-7b\",\"object\":\"model\"}]}")));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private Path config(int port) throws IOException {
        return Files.writeString(dir.resolve("router.yaml"), """
                providers:
                  llama-cpp: {type: llama_cpp, base_url: "http://127.0.0.1:%d", rpm: 30}
                models:
                  local:
                    tpm: 9000
                    deployments:
                      - {provider: llama-cpp, model: "qwen2.5-7b"}
                      - {provider: llama-cpp, model: "qwen2.5-7b", tpm: 5000}
                """.formatted(port));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void healthPrintsProvidersAndDeploymentsAndExitsZeroWhenAllAreUp() throws IOException {
        server.stubFor(get(urlEqualTo("/health")).willReturn(okJson("{\"status\":\"ok\"}")));

        CliRun run = CliRun.run(dir, "", "health", "--config", config(server.port()).toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("llama-cpp +llama_cpp +healthy +yes +\\d+ ms")
                .containsPattern("local/llama-cpp/qwen2.5-7b#0 +closed")
                .contains("state: local (this JVM only)")
                .contains("all active providers are healthy");
    }

    @Test
    void healthWithARedisSectionSaysWhichStoreAndThatItServesLocallyWhileRedisIsAway() throws IOException {
        server.stubFor(get(urlEqualTo("/health")).willReturn(okJson("{\"status\":\"ok\"}")));
        int redisPort = closedPort();
        Path config = config(server.port());
        Files.writeString(config, Files.readString(config) + "redis: {url: \"redis://127.0.0.1:" + redisPort + "\"}\n");

        CliRun run = CliRun.run(dir, "", "health", "--config", config.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("state: redis standalone 127.0.0.1:" + redisPort
                + " db 0, prefix llmrouter: \\(unreachable since .*: serving on local state\\)");
    }

    @Test
    void healthExitsOneAndSaysWhatToDoWhenNothingIsUp() throws IOException {
        CliRun run = CliRun.run(dir, "", "health", "--config", config(closedPort()).toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).containsPattern("llama-cpp +llama_cpp +down +no")
                .contains("not healthy: llama-cpp").contains("chat --demo");
    }

    @Test
    @Tag("slow")
    void waitSucceedsOnceTheServerHasLoadedItsModel() throws IOException {
        server.stubFor(get(urlEqualTo("/health")).inScenario("load").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json").withBody(LOADING))
                .willSetStateTo("loaded"));
        server.stubFor(get(urlEqualTo("/health")).inScenario("load").whenScenarioStateIs("loaded")
                .willReturn(okJson("{\"status\":\"ok\"}")));

        CliRun run = CliRun.run(dir, "", "health", "--wait", "30s", "--config", config(server.port()).toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("waiting up to 30 s for llama-cpp")
                .contains("[  0 s/30 s] llama-cpp: waiting: Loading model")
                .containsPattern("\\[ +[4-9] s/30 s] llama-cpp: healthy \\(ok\\)")
                .contains("all active providers are healthy");
    }

    @Test
    void waitTimesOutWithExitOne() throws IOException {
        long start = System.nanoTime();

        CliRun run = CliRun.run(dir, "", "health", "--wait", "1s", "--config", config(closedPort()).toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("[  0 s/1 s] llama-cpp: waiting: llama-cpp: connection failed")
                .containsPattern("\\[ +\\d+ s/1 s] llama-cpp: not healthy in time:").contains("timed out after 1 s");
        assertThat(System.nanoTime() - start).isLessThan(20_000_000_000L);
    }

    @Test
    void modelsShowsEnforcedLimitsStatusAndFallbacks() throws IOException {
        server.stubFor(get(urlEqualTo("/health")).willReturn(okJson("{\"status\":\"ok\"}")));

        CliRun run = CliRun.run(dir, "", "models", "--config", config(server.port()).toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines()).anySatisfy(l -> assertThat(l).matches("local +\\(whole group\\) +- +9000.*"))
                .anySatisfy(l -> assertThat(l).matches(" +local/llama-cpp/qwen2.5-7b#0 +llama-cpp +qwen2.5-7b +30 +- +closed.*"))
                .anySatisfy(l -> assertThat(l).matches(" +local/llama-cpp/qwen2.5-7b#1 +llama-cpp +qwen2.5-7b +30 +5000 +closed.*"));
    }
}
