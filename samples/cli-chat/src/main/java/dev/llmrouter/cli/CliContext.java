package dev.llmrouter.cli;

import dev.llmrouter.cli.config.BuiltinConfigs;
import dev.llmrouter.cli.output.Style;
import dev.llmrouter.cli.terminal.InterruptSignal;
import dev.llmrouter.cli.terminal.TerminalAccess;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Everything a command touches outside itself: the standard streams, the environment variables,
 * the working directory, the terminal (when there is one), the output style, what Ctrl-C does and
 * the built-in default configuration.
 * {@link Main} builds it from the real process; tests build one with captured streams. Immutable;
 * the streams themselves are shared.
 *
 * @param in standard input
 * @param out standard output (answers, tables, JSON)
 * @param err standard error (status lines, progress, errors)
 * @param env environment variables ({@code LLMROUTER_CONFIG}, API key variables)
 * @param workingDir the directory relative paths and {@code ./router.yaml} are resolved against
 * @param terminal opens the terminal, or null when input or output is not one
 * @param style colours for the terminal, or {@link Style#PLAIN}
 * @param interrupt what Ctrl-C does
 * @param localDefault the built-in default's YAML for an environment (tests point it at closed ports)
 */
public record CliContext(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Path workingDir,
                         TerminalAccess terminal, Style style, InterruptSignal interrupt,
                         Function<Map<String, String>, String> localDefault) {
    /** @throws NullPointerException when a required part is null (only the terminal may be) */
    public CliContext {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(style, "style");
        Objects.requireNonNull(interrupt, "interrupt");
        Objects.requireNonNull(localDefault, "localDefault");
    }

    /** A context whose built-in default is {@link BuiltinConfigs#localDefault}. */
    public CliContext(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, Path workingDir,
                      TerminalAccess terminal, Style style, InterruptSignal interrupt) {
        this(in, out, err, env, workingDir, terminal, style, interrupt, BuiltinConfigs::localDefault);
    }

    /** The same context with another output style ({@code --no-color}). */
    public CliContext withStyle(Style newStyle) {
        return new CliContext(in, out, err, env, workingDir, terminal, newStyle, interrupt, localDefault);
    }
}
