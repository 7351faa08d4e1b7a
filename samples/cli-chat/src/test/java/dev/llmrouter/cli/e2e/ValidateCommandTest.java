package dev.llmrouter.cli.e2e;

import org.junit.jupiter.api.Tag;
import dev.llmrouter.testing.canary.SecretsCanary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code validate}: problem lines with exact positions, exit codes, and the sample files. */
@Tag("integration")
class ValidateCommandTest {
    @TempDir
    Path dir;

    @Test
    void everyProblemIsOneLineWithFileLineAndColumn() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                providers:
                  ollama: {type: ollama, base_url: "http://127.0.0.1:11434"}
                  vllm-qwen: {type: vllm, base_url: "http://127.0.0.1:8001"}
                models:
                  coder:
                    deployments:
                      - {provider: vllm-qwn, model: "qwen"}
                  llama:
                    deployments:
                      - {provider: ollama, model: "llama3.1:latest"}
                fallbacks:
                  coder: [llama, coder]
                router_settings:
                  routing_strategy: fastest
                  allowed_fails: -1
                """);

        CliRun run = CliRun.run(dir, "", "validate", bad.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out().lines()).containsExactly(
                bad + ":7:20: error: unknown provider 'vllm-qwn' in model group 'coder' (did you mean 'vllm-qwen'?)",
                bad + ":12:18: error: model 'coder' is in its own fallbacks chain (remove it: a model is never its own fallback)",
                bad + ":14:21: error: unknown routing strategy 'fastest' (strategies: simple-shuffle, ordered, least-busy,"
                        + " latency-based, usage-based, cost-based, or custom:NAME for one registered in code)",
                bad + ":15:18: error: allowed_fails must be positive, got -1 (use a value above zero)",
                "4 errors, 0 warnings");
    }

    @Test
    void explainPrintsEachModelsTryOrderAfterTheVerdict() throws IOException {
        Path file = Files.writeString(dir.resolve("mutual.yaml"), """
                providers:
                  ollama: {type: ollama, base_url: "http://127.0.0.1:11434"}
                models:
                  a:
                    deployments:
                      - {provider: ollama, model: "llama3.1:latest"}
                  b:
                    deployments:
                      - {provider: ollama, model: "qwen2.5:7b"}
                fallbacks:
                  a: [b]
                  b: [a]
                """);

        CliRun run = CliRun.run(dir, "", "validate", file.toString(), "--explain");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith(file + ": ok (1 provider, 2 model groups)\n\nrouting: simple-shuffle")
                .contains("\nmodel a\n  after a failure left after retries: a -> b [fallbacks]\n")
                .contains("\nmodel b\n  after a failure left after retries: b -> a [fallbacks]\n")
                .contains("      a/ollama/llama3.1:latest#0: ollama http://127.0.0.1:11434, weight 1\n"
                        + "        timeouts: attempt 30s (timeouts.attempt); stream first chunk 30s (timeouts.attempt), "
                        + "whole stream 2m, idle gap 30s\n        limits: rpm unlimited, tpm unlimited\n");
    }

    @Test
    void theSeedSamplesAreValidWhenTheirKeyIsSetAndSayWhichVariableIsMissingOtherwise() {
        Path samples = Path.of("..", "config").toAbsolutePath().normalize();
        String providers = samples.resolve("providers.yaml").toString();
        String mappings = samples.resolve("model-mappings.yaml").toString();

        CliRun ok = CliRun.run(dir, Map.of("DEEPSEEK_API_KEY", SecretsCanary.OPENAI), "", "validate", providers, mappings);
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.out()).endsWith(": ok (4 providers, 3 model groups)\n");

        CliRun missing = CliRun.run(dir, "", "validate", providers, mappings);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.out()).startsWith(providers + ":21:14: error: environment variable DEEPSEEK_API_KEY is not set");
    }

    @Test
    void theDemoAndTheBuiltInDefaultAreValid() {
        assertThat(CliRun.run(dir, "", "validate", "--demo").exitCode()).isZero();
        CliRun builtin = CliRun.run(dir, Map.of("OPENAI_API_KEY", SecretsCanary.OPENAI), "", "validate");
        assertThat(builtin.exitCode()).as(builtin.toString()).isZero();
        assertThat(builtin.out()).isEqualTo("built-in default: ok (4 providers, 2 model groups)\n");
    }

    @Test
    void aMissingFileOrFilesGivenTwiceAreUsageErrors() {
        CliRun missing = CliRun.run(dir, "", "validate", "nope.yaml");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("validate: no such file: nope.yaml");
        assertThat(CliRun.run(dir, "", "validate", "a.yaml", "--demo").exitCode()).isEqualTo(2);
    }
}
