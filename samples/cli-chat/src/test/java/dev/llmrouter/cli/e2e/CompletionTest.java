package dev.llmrouter.cli.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code completion bash|zsh}: the scripts picocli generates, loaded into a real bash. */
@Tag("integration")
class CompletionTest {
    @TempDir
    Path dir;

    /**
     * Runs bash commands with the completion script sourced; returns their standard output (standard
     * error is dropped: outside a real completion, bash's compopt complains).
     */
    private String bash(Path script, String commands) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", "source " + script + "\n" + commands)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** The completions bash offers for the words of a command line (the last one being completed). */
    private String complete(Path script, String... words) throws IOException, InterruptedException {
        return bash(script, "COMP_WORDS=(" + String.join(" ", words) + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE='" + String.join(" ", words) + "'; COMP_POINT=${#COMP_LINE}; _complete_llmrouter; echo \"${COMPREPLY[*]}\"").strip();
    }

    @Test
    void theBashScriptRegistersACompletionForLlmrouterThatKnowsCommandsAndOptions() throws Exception {
        CliRun run = CliRun.run(dir, "", "completion", "bash");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Path script = Files.writeString(dir.resolve("llmrouter.bash"), run.out());

        assertThat(bash(script, "complete -p llmrouter")).isEqualTo("complete -o default -F _complete_llmrouter llmrouter\n");
        assertThat(complete(script, "llmrouter", "ch").split(" ")).containsExactlyInAnyOrder("chat", "check-stale");
        assertThat(complete(script, "llmrouter", "chat", "--max")).isEqualTo("--max-tokens");
        assertThat(complete(script, "llmrouter", "health", "--").split(" ")).contains("--wait", "--config", "--demo", "--no-color");
        assertThat(complete(script, "llmrouter", "completion", "").split(" ")).containsExactlyInAnyOrder("bash", "zsh");
    }

    @Test
    void theZshScriptIsTheSameCompletionLoadedThroughBashcompinit() {
        CliRun zsh = CliRun.run(dir, "", "completion", "zsh");

        assertThat(zsh.exitCode()).as(zsh.toString()).isZero();
        assertThat(zsh.out()).startsWith("#compdef llmrouter\n").contains("bashcompinit").contains("_complete_llmrouter");
        assertThat(CliRun.run(dir, "", "completion", "fish").exitCode()).isEqualTo(2);
    }
}
