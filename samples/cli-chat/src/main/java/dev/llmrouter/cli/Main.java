package dev.llmrouter.cli;

import dev.llmrouter.cli.output.Style;
import dev.llmrouter.cli.terminal.InterruptSignal;

import java.io.Console;
import java.nio.file.Path;

/**
 * The {@code llmrouter} program: wires standard input, output, error, the environment, the
 * terminal and Ctrl-C to {@link Cli}, and exits with its code.
 */
public final class Main {
    private Main() {
    }

    /** Runs the CLI and exits with its exit code. */
    public static void main(String[] args) {
        Console console = System.console();
        boolean colour = console != null && System.getenv("NO_COLOR") == null;
        InterruptSignal interrupt = new InterruptSignal(() -> {
            System.out.println();
            System.out.flush();
            System.exit(ExitCodes.INTERRUPTED);
        });
        // where SIGINT cannot be caught, Ctrl-C keeps the JVM's default: the program ends
        interrupt.installOnSigint();
        CliContext ctx = new CliContext(System.in, System.out, System.err, System.getenv(), Path.of("").toAbsolutePath(),
                console, colour ? Style.ANSI : Style.PLAIN, interrupt);
        int code = Cli.standard().run(args, ctx);
        System.exit(code);
    }
}
