package dev.llmrouter.cli.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --demo}: mock providers, no server at all. */
@Tag("integration")
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void oneShotOnTheDemoFallsBackFromTheBusyGpuBoxToTheCloud() {
        CliRun run = CliRun.run(dir, "", "chat", "--demo", "--prompt", "Hello");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).startsWith("Hello from the cloud fallback.");
        assertThat(run.err()).contains("2 attempts: llama3.1/gpu-box/llama3.1:8b#0 server_error 503, cloud-chat/cloud/deepseek-chat#0 ok")
                .contains("fallback: cloud-chat");
    }

    @Test
    void interactiveChatRunsOnTheDemoThroughAPipe() {
        CliRun run = CliRun.run(dir, "first\nsecond\n/stats\n/models\n/quit\n", "chat", "--demo");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("Hello from the cloud fallback.").contains("Hello from the local GPU box!")
                .contains("answers 2, failed 0, cancelled 0, fell back 1")
                .containsPattern("llama3.1 +llama3.1/gpu-box/llama3.1:8b#0 +gpu-box +llama3.1:8b .* cloud-chat");
    }

    @Test
    @Tag("slow")
    void theScriptedDemoShowsAFallbackACircuitOpeningAndItsRecovery() {
        CliRun run = CliRun.run(dir, "", "--demo");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String out = run.out();
        int fallback = out.indexOf("fallback: cloud-chat");
        int open = out.indexOf("circuits: gpu-box OPEN");
        int skipped = out.indexOf("| 1 attempt | fallback: cloud-chat");
        int waiting = out.indexOf("waiting");
        int recovered = out.lastIndexOf("[llama3.1/gpu-box/llama3.1:8b#0 | 1 attempt | no fallback");
        int closed = out.lastIndexOf("circuits: gpu-box closed");
        assertThat(fallback).as(out).isPositive();
        assertThat(open).as(out).isGreaterThan(fallback);
        assertThat(skipped).as(out).isGreaterThan(open);
        assertThat(waiting).as(out).isGreaterThan(skipped);
        assertThat(recovered).as(out).isGreaterThan(waiting);
        assertThat(closed).as(out).isGreaterThan(recovered);
    }
}
