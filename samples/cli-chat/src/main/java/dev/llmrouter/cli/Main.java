package dev.llmrouter.cli;

import dev.llmrouter.cli.output.Style;
import dev.llmrouter.cli.terminal.InterruptSignal;
import dev.llmrouter.cli.terminal.TerminalAccess;
import org.jline.terminal.TerminalBuilder;

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
        boolean terminal = interactive();
        String noColor = System.getenv("NO_COLOR");
        boolean colour = terminal && (noColor == null || noColor.isEmpty());
        InterruptSignal interrupt = new InterruptSignal(() -> {
            System.out.println();
            System.out.flush();
            System.exit(ExitCodes.INTERRUPTED);
        });
        // where SIGINT cannot be caught, Ctrl-C keeps the JVM's default: the program ends
        interrupt.installOnSigint();
        TerminalAccess access = terminal ? () -> TerminalBuilder.builder().system(true).build() : null;
        CliContext ctx = new CliContext(System.in, System.out, System.err, System.getenv(), Path.of("").toAbsolutePath(),
                access, colour ? Style.ANSI : Style.PLAIN, interrupt);
        int code = Cli.standard().run(args, ctx);
        System.exit(code);
    }

    /**
     * True when standard input and output are a terminal. Before Java 22 that is
     * {@code System.console() != null}; from 22 on a console exists for pipes too and
     * {@code Console.isTerminal()} (looked up by reflection: the CLI is built for 17) tells.
     */
    private static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
