package dev.llmrouter.cli;

import dev.llmrouter.api.ConfigException;
import dev.llmrouter.cli.args.ArgParser;
import dev.llmrouter.cli.args.OptionSpec;
import dev.llmrouter.cli.args.ParsedArgs;
import dev.llmrouter.cli.command.ChatCommand;
import dev.llmrouter.cli.command.CheckStaleCommand;
import dev.llmrouter.cli.command.Command;
import dev.llmrouter.cli.command.DemoScript;
import dev.llmrouter.cli.command.ExportLitellmCommand;
import dev.llmrouter.cli.command.HealthCommand;
import dev.llmrouter.cli.command.ImportLitellmCommand;
import dev.llmrouter.cli.command.ModelsCommand;
import dev.llmrouter.cli.command.ValidateCommand;
import dev.llmrouter.internal.config.Suggestions;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line: parses the arguments, runs the named command and turns its outcome into an
 * exit code (usage and configuration errors: 2). {@link Main} only wires the process to it, so
 * tests run every command in-process with captured streams. Immutable and thread-safe.
 */
public final class Cli {
    /** The program's name in messages (the launcher script's name). */
    public static final String PROGRAM = "llmrouter";
    /** {@code --config FILE...}. */
    public static final String CONFIG = "config";
    /** {@code --demo}. */
    public static final String DEMO = "demo";
    /** {@code --help}. */
    public static final String HELP = "help";

    private static final List<OptionSpec> GLOBAL_OPTIONS = List.of(
            OptionSpec.values(CONFIG, "FILE", "configuration files (default: $LLMROUTER_CONFIG, ./router.yaml, the built-in default)"),
            OptionSpec.flag(DEMO, "use built-in mock providers: no server needed"),
            OptionSpec.flag(HELP, "show help (also -h)"));

    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final Command demo;

    /** A CLI with these commands; {@code demo} runs for {@code --demo} without a command. */
    public Cli(List<Command> commands, Command demo) {
        commands.forEach(c -> this.commands.put(c.name(), c));
        this.demo = demo;
    }

    /** The CLI with every llmrouter command. */
    public static Cli standard() {
        return new Cli(List.of(new ChatCommand(), new ValidateCommand(), new HealthCommand(), new ModelsCommand(),
                new ExportLitellmCommand(), new ImportLitellmCommand(), new CheckStaleCommand()), new DemoScript());
    }

    /** Runs a command line and returns the exit code; never throws for a user's mistake. */
    public int run(String[] args, CliContext ctx) {
        ArgParser parser = new ArgParser(GLOBAL_OPTIONS, commands.keySet(), name -> commands.get(name).options());
        try {
            ParsedArgs parsed = parser.parse(Arrays.asList(args));
            Command command = parsed.command() == null ? null : commands.get(parsed.command());
            if (parsed.has(HELP)) {
                printHelp(command, ctx.out());
                return ExitCodes.OK;
            }
            if (command == null) {
                if (parsed.has(DEMO) && parsed.positionals().isEmpty()) {
                    return demo.run(parsed, ctx);
                }
                if (!parsed.positionals().isEmpty()) {
                    throw new UsageException("unknown command '" + parsed.positionals().get(0) + "'" + suggestion(parsed.positionals().get(0)));
                }
                printHelp(null, ctx.out());
                return ExitCodes.OK;
            }
            return command.run(parsed, ctx);
        } catch (UsageException e) {
            ctx.err().println(PROGRAM + ": " + e.getMessage());
            ctx.err().println("Run '" + PROGRAM + " --help' for usage.");
            return ExitCodes.USAGE;
        } catch (ConfigException e) {
            ctx.err().println(PROGRAM + ": configuration error: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (UncheckedIOException e) {
            ctx.err().println(PROGRAM + ": " + e.getMessage());
            return ExitCodes.FAILED;
        } finally {
            ctx.out().flush();
            ctx.err().flush();
        }
    }

    private String suggestion(String word) {
        return Suggestions.closest(word, commands.keySet()).map(b -> " (did you mean '" + b + "'?)").orElse("");
    }

    private void printHelp(Command command, PrintStream out) {
        if (command == null) {
            out.println("llmrouter: an LLM gateway inside your JVM, from the command line.");
            out.println();
            out.println("Usage: " + PROGRAM + " COMMAND [options]");
            out.println();
            out.println("Commands:");
            commands.values().forEach(c -> out.printf("  %-16s%s%n", c.name(), c.summary()));
            out.println();
            out.println("Options for every command:");
            GLOBAL_OPTIONS.forEach(o -> out.printf("  %-18s%s%n", o.synopsis(), o.help()));
            out.println();
            out.println("'" + PROGRAM + " --demo' plays a scripted conversation on mock providers: routing, a fallback,");
            out.println("a circuit opening and recovering, with no server at all.");
            out.println("Run '" + PROGRAM + " COMMAND --help' for a command's options and examples.");
            return;
        }
        out.println("Usage: " + PROGRAM + " " + command.usage());
        out.println();
        out.println(command.summary());
        out.println();
        out.println("Options:");
        command.options().forEach(o -> out.printf("  %-20s%s%n", o.synopsis(), o.help()));
        GLOBAL_OPTIONS.forEach(o -> out.printf("  %-20s%s%n", o.synopsis(), o.help()));
        String details = command.details();
        if (!details.isEmpty()) {
            out.println();
            out.println(details.stripTrailing());
        }
    }
}
