package dev.llmrouter.cli.dist;

import dev.llmrouter.cli.Cli;
import dev.llmrouter.cli.ManPages;
import dev.llmrouter.cli.RootCommand;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The roff man pages, rendered by a real groff with every warning turned on. */
@Tag("integration")
class ManPagesTest {
    private record Rendered(int exitCode, String text, String warnings) {
    }

    private static Rendered groff(String page) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", "-rLL=100n", "-P-c").start();
        p.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String warnings = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        // groff draws bold and italics with backspaces even with -c off for some devices: strip them
        return new Rendered(p.exitValue(), text.replaceAll(".\b", ""), warnings);
    }

    @Test
    void everyPageRendersWithoutAWarningAndSaysWhatTheHelpSays() throws Exception {
        CommandLine root = Cli.commandLine(new RootCommand());
        List<CommandLine> commands = new ArrayList<>(List.of(root));
        commands.addAll(root.getSubcommands().values());

        for (CommandLine c : commands) {
            Rendered r = groff(ManPages.page(c, "9.9.9"));
            assertThat(r.exitCode()).as(c.getCommandName()).isZero();
            assertThat(r.warnings()).as(c.getCommandName()).isEmpty();
            assertThat(r.text()).contains("NAME", "SYNOPSIS", "OPTIONS", "--config FILE...", "llmrouter 9.9.9");
        }
        Rendered health = groff(ManPages.page(root.getSubcommands().get("health"), "9.9.9"));
        assertThat(health.text()).contains("llmrouter-health - probe the providers: reachable, latency")
                .contains("--wait DURATION").contains("llmrouter health --wait 60s --config providers.yaml model-mappings.yaml")
                .contains("Exit codes: 0 every active provider healthy");
        Rendered top = groff(ManPages.page(root, "9.9.9"));
        assertThat(top.text()).contains("llmrouter - an LLM gateway inside your JVM").contains("check-stale")
                .contains("llmrouter-doctor(1)");
    }

    @Test
    void roffControlCharactersInTextAreEscaped() {
        assertThat(ManPages.page(Cli.commandLine(new RootCommand()).getSubcommands().get("chat"), "1.0"))
                .contains(".B \\-\\-prompt \\fITEXT\\fR").doesNotContain("\n'").doesNotContain("\n.\n");
    }
}
