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

/** {@code export-litellm}, {@code check-stale} and {@code import-litellm} on the seed's sample files. */
@Tag("integration")
class LiteLlmCommandsTest {
    private static final Map<String, String> KEY = Map.of("DEEPSEEK_API_KEY", SecretsCanary.OPENAI);

    @TempDir
    Path dir;

    private Path copySample(String name) throws IOException {
        return Files.copy(Path.of("..", "config", name), dir.resolve(name));
    }

    @Test
    void exportThenCheckStaleThenImportRoundTrips() throws IOException {
        Path providers = copySample("providers.yaml");
        Path mappings = copySample("model-mappings.yaml");
        Path exported = dir.resolve("litellm.yaml");

        CliRun export = CliRun.run(dir, KEY, "", "export-litellm", "--config", providers.toString(), mappings.toString(),
                "--out", exported.toString());
        assertThat(export.exitCode()).as(export.toString()).isZero();
        String litellm = Files.readString(exported);
        assertThat(litellm).startsWith("# AUTO-GENERATED").contains("model_list:").contains("os.environ/DEEPSEEK_API_KEY")
                .doesNotContain(SecretsCanary.OPENAI).doesNotContain("vllm-dolphin:");

        CliRun fresh = CliRun.run(dir, "", "check-stale", exported.toString());
        assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
        assertThat(fresh.out()).contains("up to date");

        Files.writeString(mappings, Files.readString(mappings) + "# tuned\n");
        CliRun stale = CliRun.run(dir, "", "check-stale", exported.toString());
        assertThat(stale.exitCode()).isEqualTo(1);
        assertThat(stale.out()).contains("stale").contains("model-mappings.yaml");

        Path imported = dir.resolve("imported.yaml");
        CliRun in = CliRun.run(dir, "", "import-litellm", exported.toString(), "--out", imported.toString());
        assertThat(in.exitCode()).as(in.toString()).isZero();
        assertThat(Files.readString(imported)).contains("api_key: ${DEEPSEEK_API_KEY}").doesNotContain("unset-while-importing");

        CliRun valid = CliRun.run(dir, KEY, "", "validate", imported.toString());
        assertThat(valid.exitCode()).as(valid.toString()).isZero();
        assertThat(valid.out()).endsWith(": ok (3 providers, 3 model groups)\n");
        CliRun models = CliRun.run(dir, KEY, "", "models", "--config", imported.toString());
        assertThat(models.out()).containsPattern("qwen-coder-vllm +\\(whole group\\) +50 +100000 +llama3.1:latest, deepseek-v3.1:671b-cloud");
    }

    @Test
    void importKeepsNoInlineKeyAndSaysSo() throws IOException {
        Path litellm = Files.writeString(dir.resolve("config.yaml"), """
                model_list:
                  - model_name: gpt
                    litellm_params:
                      model: openai/gpt-4o-mini
                      api_key: sk-inline-secret
                """);
        Path out = dir.resolve("router.yaml");

        CliRun run = CliRun.run(dir, "", "import-litellm", litellm.toString(), "--out", out.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains(litellm + ":5:").contains("written inline").contains("export ");
        assertThat(Files.readString(out)).doesNotContain("sk-inline-secret").containsPattern("api_key: \\$\\{[A-Z_]+_API_KEY}");
        assertThat(run.out()).doesNotContain("sk-inline-secret");
    }

    @Test
    void validatingALiteLlmFileNamesTheImportCommandThatReadsIt() throws IOException {
        Path litellm = Files.writeString(dir.resolve("config.yaml"), """
                model_list:
                  - model_name: llama
                    litellm_params: {model: ollama_chat/llama3.1, api_base: "http://127.0.0.1:11434"}
                """);

        CliRun validate = CliRun.run(dir, "", "validate", litellm.toString());
        assertThat(validate.exitCode()).isEqualTo(1);
        assertThat(validate.toString()).contains("(CLI: llmrouter import-litellm FILE --out FILE)");

        // and the command the hint names is the one that imports it
        CliRun imported = CliRun.run(dir, "", "import-litellm", litellm.toString(), "--out", dir.resolve("router.yaml").toString());
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
    }

    @Test
    void aFileThatIsNotAnExportIsReportedAndWrongArgumentsAreUsageErrors() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.yaml"), "model_list: []\n");
        CliRun notExport = CliRun.run(dir, "", "check-stale", plain.toString());
        assertThat(notExport.exitCode()).isEqualTo(1);

        assertThat(CliRun.run(dir, "", "export-litellm", "--demo").exitCode()).isEqualTo(2);
        assertThat(CliRun.run(dir, "", "import-litellm", plain.toString()).exitCode()).isEqualTo(2);
        assertThat(CliRun.run(dir, "", "check-stale").exitCode()).isEqualTo(2);
    }

    private static final String MIXED = """
            model_list:
              - model_name: claude
                litellm_params:
                  model: bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0
              - model_name: local
                litellm_params: {model: ollama_chat/llama3.1, api_base: "http://127.0.0.1:11434", timeout: 20}
            router_settings:
              allowed_fails: 2
            """;

    @Test
    void anUnsupportedDeploymentIsSkippedWithAWarningAtItsLineAndTheRestIsWritten() throws IOException {
        Path litellm = Files.writeString(dir.resolve("config.yaml"), MIXED);
        Path out = dir.resolve("router.yaml");

        CliRun run = CliRun.run(dir, "", "import-litellm", litellm.toString(), "--out", out.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains(litellm + ":4:14: warning: deployment of 'claude' skipped: LiteLLM provider 'bedrock'");
        assertThat(run.out()).contains("1 warnings above");
        String written = Files.readString(out);
        assertThat(written).contains("model: llama3.1").contains("timeout: 20s").contains("allowed_fails: 3")
                .doesNotContain("claude");
        CliRun valid = CliRun.run(dir, "", "validate", out.toString());
        assertThat(valid.exitCode()).as(valid.toString()).isZero();
    }

    @Test
    void strictRefusesAFileWithAnythingSkipped() throws IOException {
        Path litellm = Files.writeString(dir.resolve("config.yaml"), MIXED);
        Path out = dir.resolve("router.yaml");

        CliRun run = CliRun.run(dir, "", "import-litellm", "--strict", litellm.toString(), "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("deployment of 'claude' skipped").contains("nothing written: --strict and 1 warnings above");
        assertThat(out).doesNotExist();
    }

    @Test
    void aValueFromAnUnsetVariableIsNotWrittenAsAPlaceholder() throws IOException {
        Path litellm = Files.writeString(dir.resolve("config.yaml"), """
                model_list:
                  - model_name: gpt
                    litellm_params: {model: openai/gpt-4o-mini, api_key: os.environ/OPENAI_API_KEY}
                router_settings:
                  redis_host: os.environ/REDIS_HOST
                  redis_password: os.environ/REDIS_PASSWORD
                """);
        Path out = dir.resolve("router.yaml");

        CliRun unset = CliRun.run(dir, "", "import-litellm", litellm.toString(), "--out", out.toString());
        assertThat(unset.exitCode()).as(unset.toString()).isEqualTo(1);
        assertThat(unset.err()).contains("unset variable").contains("REDIS_HOST");
        assertThat(out).doesNotExist();

        CliRun set = CliRun.run(dir, Map.of("REDIS_HOST", "cache.internal"), "", "import-litellm", litellm.toString(),
                "--out", out.toString());
        assertThat(set.exitCode()).as(set.toString()).isZero();
        assertThat(Files.readString(out)).contains("url: redis://cache.internal:6379").contains("password: ${REDIS_PASSWORD}")
                .contains("api_key: ${OPENAI_API_KEY}").doesNotContain("unset-while-importing");
    }

    /** The LiteLLM corpus of sdk-core's tests, with every variable it reads. */
    private static final Path CORPUS = Path.of("..", "..", "sdk-core", "src", "test", "resources", "litellm", "corpus");
    private static final Map<String, String> CORPUS_ENV = Map.ofEntries(Map.entry("OPENAI_API_KEY", "sk-test-openai"),
            Map.entry("ANTHROPIC_API_KEY", "sk-ant-test"), Map.entry("AZURE_API_KEY", "azure-test-key"),
            Map.entry("AZURE_API_BASE", "https://contoso-eu.openai.azure.com"), Map.entry("REDIS_HOST", "redis.internal"),
            Map.entry("REDIS_PORT", "6379"), Map.entry("REDIS_PASSWORD", "redis-test-pw"), Map.entry("DEEPSEEK_API_KEY", "ds-test"),
            Map.entry("GROQ_API_KEY", "gsk-test"), Map.entry("OPENROUTER_API_KEY", "or-test"), Map.entry("GEMINI_API_KEY", "ge-test"),
            Map.entry("TOGETHERAI_API_KEY", "tg-test"), Map.entry("MISTRAL_API_KEY", "mi-test"), Map.entry("CEREBRAS_API_KEY", "ce-test"),
            Map.entry("XAI_API_KEY", "xai-test"), Map.entry("FIREWORKS_AI_API_KEY", "fw-test"),
            Map.entry("NVIDIA_NIM_API_KEY", "nv-test"), Map.entry("GITHUB_API_KEY", "gh-test"));

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"redis-env", "wildcards", "order", "cache", "mutual-fallbacks",
            "timeouts", "openai-wire", "unsupported-mixed", "limits"})
    void theWrittenConfigurationLoadsAsExactlyWhatWasImported(String name) throws IOException {
        Path litellm = CORPUS.resolve(name + ".yaml");
        Path out = dir.resolve(name + "-router.yaml");

        CliRun run = CliRun.run(dir, CORPUS_ENV, "", "import-litellm", litellm.toAbsolutePath().toString(), "--out", out.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String written = Files.readString(out);
        CORPUS_ENV.forEach((variable, value) -> {
            if (variable.endsWith("_KEY") || variable.endsWith("PASSWORD")) {
                assertThat(written).doesNotContain(value);
            }
        });
        assertThat(dev.llmrouter.config.ConfigLoader.load(CORPUS_ENV::get, out))
                .isEqualTo(dev.llmrouter.config.litellm.LiteLlmImporter.read(CORPUS_ENV::get, litellm).config().orElseThrow());
    }
}
