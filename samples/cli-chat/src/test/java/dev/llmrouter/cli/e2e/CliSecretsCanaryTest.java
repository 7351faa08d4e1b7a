package dev.llmrouter.cli.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmrouter.testing.canary.SecretsCanary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The secrets canary over the commands that print configuration, keys and errors: each runs with the
 * canary keys configured, against servers that echo the key back whole and in part, and
 * {@link CliRun} fails the test if any of it reaches standard output or error (the canary
 * extension does the same for log lines and exception messages).
 */
@Tag("integration")
class CliSecretsCanaryTest {
    private static final Map<String, String> KEYS = Map.of("GPU_KEY", SecretsCanary.OPENAI, "CLOUD_KEY", SecretsCanary.ANTHROPIC);

    @TempDir
    Path dir;

    /** The GPU server and the cloud: each answers everything with 401 and a message quoting its key. */
    private final WireMockServer echoing = new WireMockServer(options().dynamicPort());
    private final WireMockServer cloud = new WireMockServer(options().dynamicPort());
    private Path config;

    @BeforeEach
    void start() throws IOException {
        echoing.start();
        cloud.start();
        echo(echoing, SecretsCanary.OPENAI);
        echo(cloud, SecretsCanary.ANTHROPIC);
        config = Files.writeString(dir.resolve("router.yaml"), """
                providers:
                  gpu: {type: vllm, base_url: "http://127.0.0.1:%d", api_key: "${GPU_KEY}"}
                  cloud: {type: openai_compatible, base_url: "http://127.0.0.1:%d/v1", api_key: "${CLOUD_KEY}"}
                models:
                  coder:
                    deployments:
                      - {provider: gpu, model: qwen-coder}
                  cloud-chat:
                    deployments:
                      - {provider: cloud, model: gpt-4o-mini}
                fallbacks:
                  coder: [cloud-chat]
                """.formatted(echoing.port(), cloud.port()));
    }

    /** The server quotes the key it was sent, whole and as a partial key ({@code sk-cnry...9sJd3H}), as real servers do. */
    private static void echo(WireMockServer server, String key) {
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + key
                        + " (also seen: " + key.substring(0, 7) + "..." + key.substring(key.length() - 10) + ")\",\"type\":\"invalid_request_error\","
                        + "\"code\":\"invalid_api_key\"}}")));
    }

    @AfterEach
    void stop() {
        echoing.stop();
        cloud.stop();
    }

    private CliRun run(String... args) {
        return CliRun.run(dir, KEYS, "", args);
    }

    @Test
    void validateModelsAndExportNeverPrintAKey() throws IOException {
        assertThat(run("validate", config.toString()).exitCode()).isZero();
        assertThat(run("models", "--config", config.toString()).out()).contains("qwen-coder");
        Path litellm = dir.resolve("litellm.yaml");
        assertThat(run("export-litellm", "--config", config.toString(), "--out", litellm.toString()).exitCode()).isZero();
        assertThat(Files.readString(litellm)).contains("os.environ/GPU_KEY");
        CliRun.noSecretIn("the exported LiteLLM file", Files.readString(litellm));
        assertThat(run("check-stale", litellm.toString()).exitCode()).isZero();
    }

    @Test
    void aKeyPastedIntoTheWrongFieldIsNotEchoedByValidate() throws IOException {
        Path wrong = Files.writeString(dir.resolve("wrong.yaml"), """
                providers:
                  gpu: {type: vllm, base_url: "http://127.0.0.1:8001", api_key_env: "%s"}
                  cloud: {type: vllm, base_url: "http://127.0.0.1:8002", api_key: "${%s}"}
                models:
                  coder:
                    deployments:
                      - {provider: gpu, model: qwen-coder}
                      - {provider: cloud, model: qwen-coder}
                """.formatted(SecretsCanary.OPENAI, SecretsCanary.ANTHROPIC));

        CliRun run = run("validate", wrong.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("wrong.yaml:2:").contains("api_key_env");
    }

    @Test
    void healthAndDoctorAgainstAServerThatEchoesTheKeyPrintNoKey() {
        CliRun health = run("health", "--config", config.toString());
        assertThat(health.exitCode()).as(health.toString()).isEqualTo(1);
        assertThat(health.out()).contains("gpu").contains("cloud");

        CliRun doctor = run("doctor", "--config", config.toString());
        assertThat(doctor.exitCode()).as(doctor.toString()).isEqualTo(1);
        assertThat(doctor.out()).containsPattern("ok +env GPU_KEY +set").containsPattern("ok +env CLOUD_KEY +set");
    }

    @Test
    void aFailedChatReportsTheServersErrorWithoutTheKey() {
        CliRun oneShot = run("chat", "--config", config.toString(), "--model", "coder", "--prompt", "hi");
        assertThat(oneShot.exitCode()).as(oneShot.toString()).isEqualTo(1);
        assertThat(oneShot.err()).contains("401");

        CliRun json = run("chat", "--config", config.toString(), "--model", "coder", "--prompt", "hi", "--json");
        assertThat(json.exitCode()).as(json.toString()).isEqualTo(1);

        CliRun session = CliRun.run(dir, KEYS, "hello\n/health\n/quit\n", "chat", "--config", config.toString());
        assertThat(session.exitCode()).as(session.toString()).isZero();
    }

    @Test
    void theCanaryCatchesAKeyInCliOutput() throws IOException {
        // a file named after the key: 'no such file' quotes the path, so the net must fire
        Path named = dir.resolve(SecretsCanary.OPENAI.substring(2, 12) + ".yaml");

        assertThatThrownBy(() -> CliRun.run(dir, "", "validate", named.toString()))
                .isInstanceOf(AssertionError.class).hasMessageStartingWith("a secret of the test suite (")
                .hasMessageContaining("****").hasMessageNotContaining(SecretsCanary.OPENAI.substring(2, 12));
    }
}
