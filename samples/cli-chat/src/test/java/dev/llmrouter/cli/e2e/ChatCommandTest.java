package dev.llmrouter.cli.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code chat}, one-shot and interactive, end to end against vLLM-speaking WireMock servers. */
@Tag("integration")
class ChatCommandTest {
    @TempDir
    Path dir;

    private final WireMockServer primary = new WireMockServer(options().dynamicPort());
    private final WireMockServer backup = new WireMockServer(options().dynamicPort());
    private Path config;

    @BeforeEach
    void start() throws IOException {
        primary.start();
        backup.start();
        config = writeConfig(primary.port(), backup.port());
    }

    @AfterEach
    void stop() {
        primary.stop();
        backup.stop();
    }

    private Path writeConfig(int primaryPort, int backupPort) throws IOException {
        return Files.writeString(dir.resolve("router.yaml"), """
                providers:
                  gpu-a: {type: vllm, base_url: "http://127.0.0.1:%d"}
                  gpu-b: {type: vllm, base_url: "http://127.0.0.1:%d"}
                models:
                  coder:
                    deployments:
                      - {provider: gpu-a, model: "qwen-coder"}
                  backup:
                    deployments:
                      - {provider: gpu-b, model: "llama3.1"}
                aliases:
                  default: coder
                fallbacks:
                  coder: [backup]
                router_settings:
                  num_retries: 0
                  timeouts: {attempt: 5s, request: 10s, stream: 10s, stream_idle: 5s, overall: 20s}
                """.formatted(primaryPort, backupPort));
    }

    /** A port nothing listens on (a connection to it is refused at once). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private CliRun cli(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(config.toString());
        return CliRun.run(dir, stdin, all.toArray(String[]::new));
    }

    @Test
    void oneShotStreamsTheAnswerToStdoutAndTheStatusLineToStderr() {
        primary.stubFor(OpenAiStubs.streamedChat().willReturn(OpenAiStubs.streamedAnswer("qwen-coder", "Hello from the coder.", 9, 4)));

        CliRun run = cli("", "chat", "--prompt", "Say hello");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("Hello from the coder.\n");
        assertThat(run.err()).contains("gpu-a").contains("1 attempt").contains("no fallback").contains("tokens 9 in, 4 out");
        assertThat(primary.findAll(postRequestedFor(urlEqualTo(OpenAiStubs.CHAT_PATH))).get(0).getBodyAsString())
                .contains("\"model\":\"qwen-coder\"").contains("Say hello");
    }

    @Test
    void noStreamWaitsForTheWholeAnswer() {
        primary.stubFor(OpenAiStubs.wholeChat().willReturn(OpenAiStubs.answer("qwen-coder", "All at once.", 9, 3)));

        CliRun run = cli("", "chat", "--prompt", "Hi", "--no-stream", "--system", "Be brief.", "--max-tokens", "20");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).isEqualTo("All at once.\n");
        String body = primary.findAll(postRequestedFor(urlEqualTo(OpenAiStubs.CHAT_PATH))).get(0).getBodyAsString();
        assertThat(body).contains("Be brief.").contains("20");
    }

    @Test
    void jsonHasExactlyTheDocumentedFieldsAndShowsTheFallback() {
        primary.stubFor(OpenAiStubs.wholeChat().willReturn(OpenAiStubs.serverError()));
        backup.stubFor(OpenAiStubs.wholeChat().willReturn(OpenAiStubs.answer("llama3.1", "Backup here.", 12, 3)));

        CliRun run = cli("", "chat", "--prompt", "Hi", "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().lines()).hasSize(1);
        JsonNode json = JsonMapper.builder().build().readTree(run.out());
        assertThat(json.propertyNames()).containsExactly("text", "model", "deployment", "provider", "attempts", "fallbacks",
                "usage", "latency_ms");
        assertThat(json.get("text").asString()).isEqualTo("Backup here.");
        assertThat(json.get("model").asString()).isEqualTo("llama3.1");
        assertThat(json.get("deployment").asString()).contains("gpu-b");
        assertThat(json.get("provider").asString()).isEqualTo("gpu-b");
        JsonNode attempts = json.get("attempts");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).propertyNames()).containsExactly("deployment", "outcome", "status", "latency_ms");
        assertThat(attempts.get(0).get("deployment").asString()).contains("gpu-a");
        assertThat(attempts.get(0).get("outcome").asString()).isEqualTo("server_error");
        assertThat(attempts.get(0).get("status").asInt()).isEqualTo(500);
        assertThat(attempts.get(0).get("latency_ms").asLong()).isNotNegative();
        assertThat(attempts.get(1).get("outcome").asString()).isEqualTo("success");
        assertThat(attempts.get(1).get("status").asInt()).isEqualTo(200);
        assertThat(json.get("fallbacks")).hasSize(1);
        assertThat(json.get("fallbacks").get(0).asString()).isEqualTo("backup");
        JsonNode usage = json.get("usage");
        assertThat(usage.propertyNames()).containsExactly("prompt_tokens", "completion_tokens", "total_tokens");
        assertThat(usage.get("prompt_tokens").asLong()).isEqualTo(12);
        assertThat(usage.get("completion_tokens").asLong()).isEqualTo(3);
        assertThat(usage.get("total_tokens").asLong()).isEqualTo(15);
        assertThat(json.get("latency_ms").asLong()).isGreaterThanOrEqualTo(attempts.get(1).get("latency_ms").asLong());
    }

    @Test
    void aFailedRequestPrintsTypeMessageAndAttemptsAndExitsOne() {
        primary.stubFor(OpenAiStubs.wholeChat().willReturn(OpenAiStubs.serverError()));
        backup.stubFor(OpenAiStubs.wholeChat().willReturn(OpenAiStubs.serverError()));

        CliRun run = cli("", "chat", "--prompt", "Hi", "--json");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("error: ").contains("Exception: ")
                .containsPattern("attempt \\S*gpu-a\\S* \\(gpu-a, qwen-coder\\): server_error 500")
                .containsPattern("attempt \\S*gpu-b\\S* \\(gpu-b, llama3.1\\): server_error 500")
                .doesNotContain("No model server could be reached");
    }

    @Test
    void whenNothingIsReachableItSaysSoAndPointsToHealthAndDemo() throws IOException {
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            config = writeConfig(a.getLocalPort(), b.getLocalPort());
        }

        CliRun run = cli("", "chat", "--prompt", "Hi");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("No model server could be reached").contains("llmrouter health")
                .contains("llmrouter chat --demo");
    }

    @Test
    void interactiveSessionStreamsSwitchesModelsResetsAndQuits() {
        primary.stubFor(OpenAiStubs.streamedChat().willReturn(OpenAiStubs.streamedAnswer("qwen-coder", "Coder answer.", 5, 2)));
        backup.stubFor(OpenAiStubs.streamedChat().willReturn(OpenAiStubs.streamedAnswer("llama3.1", "Backup answer.", 5, 2)));

        CliRun run = cli("first question\n/model backup\nsecond question\n/reset\nthird question\n/quit\nnever sent\n", "chat");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Coder answer.\n[").contains("model: backup").contains("Backup answer.\n[")
                .contains("conversation cleared");
        List<LoggedRequest> toPrimary = primary.findAll(postRequestedFor(urlEqualTo(OpenAiStubs.CHAT_PATH)));
        List<LoggedRequest> toBackup = backup.findAll(postRequestedFor(urlEqualTo(OpenAiStubs.CHAT_PATH)));
        assertThat(toPrimary).hasSize(1);
        assertThat(toBackup).hasSize(2);
        assertThat(toBackup.get(0).getBodyAsString()).contains("first question").contains("Coder answer.")
                .contains("second question");
        String afterReset = toBackup.get(1).getBodyAsString();
        assertThat(afterReset).contains("third question").doesNotContain("first question").doesNotContain("Coder answer.")
                .doesNotContain("second question");
    }

    @Test
    void usageAndConfigurationErrorsExitTwo() throws IOException {
        CliRun typo = cli("", "chat", "--promt", "Hi");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("unknown option --promt for 'chat' (did you mean --prompt?)");

        CliRun unknownModel = cli("", "chat", "--prompt", "Hi", "--model", "codr");
        assertThat(unknownModel.exitCode()).isEqualTo(2);
        assertThat(unknownModel.err()).contains("no model group or alias named 'codr' (did you mean 'coder'?)");

        assertThat(CliRun.run(dir, "", "chta").exitCode()).isEqualTo(2);
        assertThat(CliRun.run(dir, "", "chat", "--json").exitCode()).isEqualTo(2);

        Files.writeString(config, """
                providers:
                  gpu-a: {type: vllm, base_url: "http://127.0.0.1:1"}
                models:
                  coder:
                    deployments:
                      - {provider: gpu-x, model: "qwen-coder"}
                """);
        CliRun bad = cli("", "chat", "--prompt", "Hi");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
        assertThat(bad.err()).contains(config + ":6:").contains("gpu-x");
    }
}
