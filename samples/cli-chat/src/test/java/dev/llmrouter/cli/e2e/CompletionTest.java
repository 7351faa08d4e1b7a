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

/** {@code completion bash|zsh}: the scripts picocli generates, loaded into a real bash and a real zsh. */
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

    /**
     * The candidates zsh offers for the words of a command line (the last one being completed): the
     * script is sourced into a real {@code zsh -f}, which loads {@code bashcompinit} itself; zsh's
     * {@code _bash_complete} runs the completion function as compsys would, and a stand-in for
     * {@code compadd} (a builtin only usable inside a completion widget) prints the candidates that
     * match the word's prefix, as compadd would keep them.
     */
    private String zsh(Path script, String... words) throws IOException, InterruptedException {
        StringBuilder quoted = new StringBuilder();
        for (String w : words) {
            quoted.append(" '").append(w).append("'");
        }
        String commands = "source " + script + "\n"
                + "whence -w _complete_llmrouter >/dev/null || exit 3\n"
                + "[[ ${_comps[llmrouter]} == '_bash_complete -F _complete_llmrouter -o default' ]] || exit 4\n"
                + "compadd() { local w; while (( $# )); do case $1 in -S) shift 2;; -) shift; for w in \"$@\"; do"
                + " [[ -n $w && $w == ${words[CURRENT]}* ]] && print -r -- $w; done; return 0;; *) shift;; esac; done }\n"
                + "_default() { return 1 }\n"
                + "words=(" + quoted + "); CURRENT=" + words.length + "\n"
                + "_bash_complete -F _complete_llmrouter -o default\n";
        Process p = new ProcessBuilder("zsh", "-f", "-c", commands).redirectErrorStream(true)
                .directory(dir.toFile()).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out.strip();
    }

    @Test
    void theZshScriptLoadsThroughBashcompinitInARealZshAndCompletesCommandsOptionsAndValues() throws Exception {
        Process which = new ProcessBuilder("sh", "-c", "command -v zsh").start();
        assertThat(which.waitFor()).as("zsh must be installed (.ci/run installs it)").isZero();
        CliRun run = CliRun.run(dir, "", "completion", "zsh");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("#compdef llmrouter\n");
        Path script = Files.writeString(dir.resolve("_llmrouter"), run.out());

        assertThat(zsh(script, "llmrouter", "ch").split("\n")).containsExactlyInAnyOrder("chat", "check-stale");
        assertThat(zsh(script, "llmrouter", "health", "--w")).isEqualTo("--wait");
        assertThat(zsh(script, "llmrouter", "chat", "--max")).isEqualTo("--max-tokens");
        assertThat(zsh(script, "llmrouter", "completion", "").split("\n")).containsExactlyInAnyOrder("bash", "zsh");
        assertThat(CliRun.run(dir, "", "completion", "fish").exitCode()).isEqualTo(2);
    }
}
