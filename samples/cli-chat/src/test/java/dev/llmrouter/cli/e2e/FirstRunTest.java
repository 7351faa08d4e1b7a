package dev.llmrouter.cli.e2e;

import dev.llmrouter.cli.Cli;
import dev.llmrouter.cli.CliContext;
import dev.llmrouter.cli.config.BuiltinConfigs;
import dev.llmrouter.cli.output.Style;
import dev.llmrouter.cli.terminal.InterruptSignal;
import dev.llmrouter.cli.terminal.TerminalAccess;
import org.jline.terminal.Size;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code chat} on a fresh machine: no configuration anywhere and no local server answering. The
 * built-in default is pointed at ports nothing listens on, so the test does not depend on what
 * runs on this machine.
 */
@Tag("integration")
class FirstRunTest {
    @TempDir
    Path dir;

    private String servers;
    private Map<String, String> env;

    @BeforeEach
    void closedPorts() throws IOException {
        int ollama;
        int vllm;
        int llamaCpp;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0); ServerSocket c = new ServerSocket(0)) {
            ollama = a.getLocalPort();
            vllm = b.getLocalPort();
            llamaCpp = c.getLocalPort();
        }
        servers = "ollama at 127.0.0.1:" + ollama + ", vllm at 127.0.0.1:" + vllm + ", llama-cpp at 127.0.0.1:" + llamaCpp;
        env = Map.of("XDG_STATE_HOME", dir.resolve("state").toString(), "OLLAMA", String.valueOf(ollama), "VLLM",
                String.valueOf(vllm), "LLAMA_CPP", String.valueOf(llamaCpp));
    }

    /** The real built-in default, on the closed ports. */
    private static String defaultOnClosedPorts(Map<String, String> env) {
        return BuiltinConfigs.localDefault(env).replace("127.0.0.1:11434", "127.0.0.1:" + env.get("OLLAMA"))
                .replace("127.0.0.1:8000", "127.0.0.1:" + env.get("VLLM")).replace("127.0.0.1:8080", "127.0.0.1:" + env.get("LLAMA_CPP"));
    }

    private CliRun run(String stdin, TerminalAccess terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext ctx = new CliContext(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env, dir,
                terminal, Style.PLAIN, new InterruptSignal(() -> {
                    throw new IllegalStateException("Ctrl-C while idle in a test");
                }), FirstRunTest::defaultOnClosedPorts);
        int code = Cli.standard().run(args, ctx);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A terminal on which the user types {@code keys}. */
    private static TerminalAccess keyboard(String keys) {
        return () -> {
            ExternalTerminal t = new ExternalTerminal("test", "xterm-256color",
                    new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), StandardCharsets.UTF_8);
            t.setSize(new Size(120, 40));
            return t;
        };
    }

    @Test
    void onATerminalEnterAcceptsTheDemoAndTheConversationRuns() {
        CliRun run = run("", keyboard("\nHello?\n/quit\n"), "chat");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).startsWith("No configuration found and no local model server answers (" + servers + ").\n")
                .contains("Using the demo providers.");
        assertThat(run.out()).contains("llmrouter chat with model default -> llama3.1").contains("Hello from the cloud fallback.")
                .contains("fallback: cloud-chat");
    }

    @Test
    void onATerminalNoKeepsTheLocalServersAndSaysHowToStartOne() {
        CliRun run = run("", keyboard("n\nHello?\n/quit\n"), "chat");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("Staying on the local servers: start one (e.g. 'ollama serve')")
                .contains("No model server could be reached");
        assertThat(run.out()).contains("llmrouter chat with model default -> local").doesNotContain("Hello from");
    }

    @Test
    void withoutATerminalItSaysHowToUseTheDemoInOneLineAndGoesOn() {
        CliRun run = run("Hello?\n/quit\n", null, "chat");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err().lines().findFirst()).hasValue("No configuration found and no local model server answers ("
                + servers + "). Run 'llmrouter chat --demo' to chat with mock providers, or pass --config FILE.");
        assertThat(run.out()).startsWith("llmrouter chat with model default -> local");
    }

    @Test
    void aConfigurationFileOrACloudKeyIsNotAFirstRun() throws IOException {
        Files.writeString(dir.resolve("router.yaml"), """
                providers:
                  gpu: {type: vllm, base_url: "http://127.0.0.1:%s"}
                models:
                  local:
                    deployments:
                      - {provider: gpu, model: m}
                """.formatted(env.get("VLLM")));
        CliRun withFile = run("/quit\n", null, "chat");
        assertThat(withFile.err()).doesNotContain("No configuration found");

        Files.delete(dir.resolve("router.yaml"));
        env = new java.util.HashMap<>(env);
        env.put("DEEPSEEK_API_KEY", "sk-test");
        CliRun withKey = run("/quit\n", null, "chat");
        assertThat(withKey.err()).doesNotContain("No configuration found");
    }
}
