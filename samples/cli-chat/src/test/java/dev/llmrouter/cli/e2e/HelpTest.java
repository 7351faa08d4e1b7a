package dev.llmrouter.cli.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --help} for the program and every command. */
@Tag("unit")
class HelpTest {
    @TempDir
    Path dir;

    @Test
    void theProgramsHelpListsEveryCommand() {
        for (String[] args : new String[][] {{"--help"}, {"-h"}, {}}) {
            CliRun run = CliRun.run(dir, "", args);
            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).contains("Usage: llmrouter COMMAND [options]").contains("--config FILE...").contains("--demo")
                    .contains("  chat ").contains("  validate ").contains("  health ").contains("  models ")
                    .contains("  export-litellm ").contains("  import-litellm ").contains("  check-stale ");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat", "validate", "health", "models", "export-litellm", "import-litellm", "check-stale"})
    void everyCommandHasHelpWithItsUsageAndAnExample(String command) {
        CliRun run = CliRun.run(dir, "", command, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: llmrouter " + command).contains("--config FILE...")
                .contains("Example").contains("llmrouter " + command);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void chatHelpNamesEveryFlag() {
        assertThat(CliRun.run(dir, "", "chat", "--help").out()).contains("--prompt TEXT").contains("--model NAME")
                .contains("--system TEXT").contains("--max-tokens N").contains("--no-stream").contains("--json")
                .contains("/model NAME, /models, /system TEXT, /reset, /stats, /health, /help, /quit");
    }
}
