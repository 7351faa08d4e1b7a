package dev.llmrouter.cli.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --version} and picocli's "did you mean" for mistyped commands and options. */
@Tag("unit")
class VersionAndTyposTest {
    @TempDir
    Path dir;

    @Test
    void versionNamesTheBuildAndTheJavaRuntime() {
        for (String[] args : new String[][] {{"--version"}, {"-V"}, {"health", "--version"}}) {
            CliRun run = CliRun.run(dir, "", args);
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).matches("llmrouter \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\nJava .+\n");
        }
    }

    @Test
    void aMistypedCommandOrOptionGetsASuggestionAndExitTwo() {
        CliRun command = CliRun.run(dir, "", "chta");
        assertThat(command.exitCode()).isEqualTo(2);
        assertThat(command.err()).isEqualTo("llmrouter: unknown command 'chta' (did you mean 'chat'?)\nRun 'llmrouter --help' for usage.\n");

        CliRun option = CliRun.run(dir, "", "health", "--wiat", "5s");
        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.err()).startsWith("llmrouter: unknown option --wiat for 'health' (did you mean --wait?)\n");

        CliRun value = CliRun.run(dir, "", "health", "--wait", "soon");
        assertThat(value.exitCode()).isEqualTo(2);
        assertThat(value.err()).startsWith("llmrouter: --wait needs a duration such as 30s, 2m or 500ms, got 'soon'\n");
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheCommandAndWithAnEqualsSign() {
        assertThat(CliRun.run(dir, "", "--demo", "models").out()).contains("gpu-box");
        assertThat(CliRun.run(dir, "", "models", "--demo", "--no-color").out()).contains("gpu-box");
        CliRun tokens = CliRun.run(dir, "", "chat", "--demo", "--prompt=Hi", "--max-tokens=0");
        assertThat(tokens.exitCode()).isEqualTo(2);
        assertThat(tokens.err()).startsWith("llmrouter: --max-tokens needs a positive whole number, got '0'\n");
    }
}
