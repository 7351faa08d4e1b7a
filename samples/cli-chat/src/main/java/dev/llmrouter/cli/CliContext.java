package dev.llmrouter.cli;

import dev.llmrouter.cli.output.Style;
import dev.llmrouter.cli.terminal.InterruptSignal;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a command touches outside itself: the standard streams, the environment variables,
 * the working directory, the terminal (when there is one), the output style and what Ctrl-C does.
 * {@link Main} builds it from the real process; tests build one with captured streams. Immutable;
 * the streams themselves are shared.
 *
 * @param in standard input
 * @param out standard output (answers, tables, JSON)
 * @param err standard error (status lines, progress, errors)
 * @param env environment variables ({@code LLMROUTER_CONFIG}, API key variables)
 * @param workingDir the directory relative paths and {@code ./router.yaml} are resolved against
 * @param console the terminal, or null when input or output is not one
 * @param style colours for the terminal, or {@link Style#PLAIN}
 * @param interrupt what Ctrl-C does
 */
public record CliContext(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Path workingDir,
                         Console console, Style style, InterruptSignal interrupt) {
    /** @throws NullPointerException when a required part is null (only the console may be) */
    public CliContext {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(interrupt, "interrupt");
    }
}
