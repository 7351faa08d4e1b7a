package dev.llmrouter.cli.e2e;

import dev.llmrouter.cli.Cli;
import dev.llmrouter.cli.CliContext;
import dev.llmrouter.cli.output.Style;
import dev.llmrouter.cli.terminal.InterruptSignal;
import dev.llmrouter.testing.canary.SecretsCanary;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the CLI in-process with captured streams, as a user at a pipe would; fails when either stream
 * holds a secret of the test suite ({@link SecretsCanary}).
 *
 * @param exitCode what the process would exit with
 * @param out standard output
 * @param err standard error
 */
record CliRun(int exitCode, String out, String err) {
    /** Runs {@code args} with {@code stdin} as input, no environment, in {@code workingDir}. */
    static CliRun run(Path workingDir, String stdin, String... args) {
        return run(workingDir, Map.of(), stdin, args);
    }

    /** Runs {@code args} with this environment. */
    static CliRun run(Path workingDir, Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        CliContext ctx = new CliContext(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e, env,
                workingDir, null, Style.PLAIN, new InterruptSignal(() -> {
                    throw new IllegalStateException("Ctrl-C while idle in a test");
                }));
        int code = Cli.standard().run(args, ctx);
        CliRun run = new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        noSecretIn("standard output", run.out());
        noSecretIn("standard error", run.err());
        return run;
    }

    /**
     * The secrets canary over CLI output: fails when a key of the test suite, or an 8-character
     * fragment of a canary key, was printed (the text is reported masked).
     */
    static void noSecretIn(String where, String text) {
        String leak = SecretsCanary.leakIn(text);
        if (leak != null) {
            throw new AssertionError("a secret of the test suite (" + leak.substring(0, 4) + "...) reached the CLI's "
                    + where + ":\n" + SecretsCanary.masked(text));
        }
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
