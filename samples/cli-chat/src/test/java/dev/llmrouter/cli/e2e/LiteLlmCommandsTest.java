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
}
