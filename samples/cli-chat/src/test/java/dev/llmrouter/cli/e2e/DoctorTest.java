package dev.llmrouter.cli.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code doctor} tells a healthy set-up from a broken one: WireMock model servers, real
 * {@code redis-server} processes on free ports (with and without persistence).
 */
@Tag("integration")
@Tag("requires-redis")
class DoctorTest {
    @TempDir
    Path dir;

    // response templating fills in each response's Date header when it is sent
    private final WireMockServer gpuA = new WireMockServer(options().dynamicPort().globalTemplating(true));
    private final WireMockServer gpuB = new WireMockServer(options().dynamicPort().globalTemplating(true));
    private final List<Process> redis = new ArrayList<>();

    @BeforeEach
    void start() {
        gpuA.start();
        gpuB.start();
        for (WireMockServer s : List.of(gpuA, gpuB)) {
            s.stubFor(get(urlEqualTo("/health")).willReturn(ok()));
            s.stubFor(any(urlEqualTo("/")).willReturn(ok().withHeader("Date", httpDate(""))));
        }
        gpuA.stubFor(get(urlEqualTo("/v1/models")).willReturn(okJson("{\"object\":\"list\",\"data\":[{\"id\":\"qwen-coder\"}]}")));
        gpuB.stubFor(get(urlEqualTo("/v1/models")).willReturn(okJson("{\"object\":\"list\",\"data\":[{\"id\":\"llama3.1\"}]}")));
    }

    @AfterEach
    void stop() throws InterruptedException {
        gpuA.stop();
        gpuB.stop();
        for (Process p : redis) {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A Date header template: the time the response is sent, moved by {@code offset} (a template option). */
    private static String httpDate(String offset) {
        return "{{now timezone='GMT' format='EEE, dd MMM yyyy HH:mm:ss zzz'" + offset + "}}";
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A redis-server on a free port; {@code persistent} turns AOF on, otherwise persistence is off. */
    private int redisServer(boolean persistent) throws Exception {
        int port = freePort();
        Path data = Files.createDirectories(dir.resolve("redis-" + port));
        Process p = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir", data.toString(),
                "--save", "", "--appendonly", persistent ? "yes" : "no").redirectErrorStream(true)
                .redirectOutput(data.resolve("log").toFile()).start();
        redis.add(p);
        for (int i = 0; i < 500; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return port;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("redis-server did not start on " + port + ": " + Files.readString(data.resolve("log")));
    }

    private Path config(int portA, int portB, String modelB, int redisPort) throws IOException {
        return Files.writeString(dir.resolve("router.yaml"), """
                providers:
                  gpu-a: {type: vllm, base_url: "http://127.0.0.1:%d", api_key: "${GPU_KEY}"}
                  gpu-b: {type: vllm, base_url: "http://127.0.0.1:%d"}
                models:
                  coder:
                    deployments:
                      - {provider: gpu-a, model: qwen-coder}
                  chat:
                    deployments:
                      - {provider: gpu-b, model: %s}
                redis:
                  url: "redis://127.0.0.1:%d"
                """.formatted(portA, portB, modelB, redisPort));
    }

    @Test
    void aHealthySetUpIsReady() throws Exception {
        Path config = config(gpuA.port(), gpuB.port(), "llama3.1", redisServer(true));

        CliRun run = CliRun.run(dir, Map.of("GPU_KEY", "secret-value"), "", "doctor", "--config", config.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("llmrouter doctor: " + config + "\n")
                .containsPattern("  ok    configuration +valid: 2 providers, 2 model groups\n")
                .containsPattern("  ok    env GPU_KEY +set\n")
                .containsPattern("  ok    provider gpu-a +reachable \\(\\d+ ms\\), serves qwen-coder\n")
                .containsPattern("  ok    provider gpu-b +reachable \\(\\d+ ms\\), serves llama3.1\n")
                .containsPattern("  ok    redis 127\\.0\\.0\\.1:\\d+ +reachable, persistence on \\(AOF\\)\n")
                .containsPattern("  ok    clock +differs by at most [\\d.]+ m?s from redis, 127\\.0\\.0\\.1:\\d+, 127\\.0\\.0\\.1:\\d+\n")
                .endsWith("\nREADY: 6 checks passed\n")
                .doesNotContain("secret-value");
    }

    @Test
    void aBrokenSetUpIsNotReadyAndSaysWhatIsWrong() throws Exception {
        int closed = freePort();
        Path config = config(gpuA.port(), closed, "llama3.1", redisServer(false));
        Files.writeString(config, Files.readString(config).replace("model: qwen-coder", "model: qwen-coder-32b"));
        // gpu-a's clock is ten minutes behind this one
        gpuA.stubFor(any(urlEqualTo("/")).willReturn(ok().withHeader("Date", httpDate(" offset='-10 minutes'"))));

        CliRun run = CliRun.run(dir, Map.of("GPU_KEY", "secret-value"), "", "doctor", "--config", config.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("  ok    configuration")
                .containsPattern("  FAIL  provider gpu-a +reachable \\(\\d+ ms\\) but does not serve qwen-coder-32b \\(coder/gpu-a/qwen-coder-32b#0\\)")
                .containsPattern("  FAIL  provider gpu-b +not healthy: .*127\\.0\\.0\\.1:" + closed)
                .containsPattern("  FAIL  redis 127\\.0\\.0\\.1:\\d+ +reachable, but persistence is off")
                .containsPattern("  FAIL  clock +differs by at most 9m 5\\ds from redis, 127\\.0\\.0\\.1:\\d+ \\(worst: 127\\.0\\.0\\.1:"
                        + gpuA.port() + "\\): TLS and signed requests fail; turn on NTP")
                .endsWith("\nNOT READY: 4 checks failed, 0 warnings\n");
    }

    @Test
    void aMissingVariableAndAnUnreachableRedisFail() throws Exception {
        Path config = config(gpuA.port(), gpuB.port(), "llama3.1", freePort());

        CliRun noKey = CliRun.run(dir, Map.of(), "", "doctor", "--config", config.toString());
        assertThat(noKey.exitCode()).as(noKey.toString()).isEqualTo(1);
        assertThat(noKey.out()).containsPattern("  FAIL  env GPU_KEY +not set: export it")
                .containsPattern("  FAIL  providers +not checked: the configuration has errors");

        CliRun noRedis = CliRun.run(dir, Map.of("GPU_KEY", "k"), "", "doctor", "--config", config.toString());
        assertThat(noRedis.exitCode()).as(noRedis.toString()).isEqualTo(1);
        assertThat(noRedis.out()).containsPattern("  FAIL  redis 127\\.0\\.0\\.1:\\d+ +not reachable: ")
                .endsWith("\nNOT READY: 1 check failed, 0 warnings\n");
    }
}
