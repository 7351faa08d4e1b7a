package dev.llmrouter.cli;

import dev.llmrouter.cli.command.ChatCommand;
import dev.llmrouter.cli.command.CheckStaleCommand;
import dev.llmrouter.cli.command.CompletionCommand;
import dev.llmrouter.cli.command.DemoScript;
import dev.llmrouter.cli.command.DoctorCommand;
import dev.llmrouter.cli.command.ExportLitellmCommand;
import dev.llmrouter.cli.command.HealthCommand;
import dev.llmrouter.cli.command.ImportLitellmCommand;
import dev.llmrouter.cli.command.ModelsCommand;
import dev.llmrouter.cli.command.ValidateCommand;
import dev.llmrouter.cli.output.Style;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code llmrouter}: the top-level command. Without a command it prints the help, with only
 * {@code --demo} it plays the scripted demo. It holds the {@link CliContext} the commands run with.
 * Not thread-safe: one instance per command line.
 */
@Command(name = Cli.PROGRAM, mixinStandardHelpOptions = true, versionProvider = VersionInfo.class, sortOptions = false,
        header = "llmrouter: an LLM gateway inside your JVM, from the command line.%n",
        customSynopsis = Cli.PROGRAM + " COMMAND [options]",
        commandListHeading = "%nCommands:%n", optionListHeading = "%nOptions for every command:%n",
        footer = {"", "'llmrouter --demo' plays a scripted conversation on mock providers: routing, a fallback,",
                "a circuit opening and recovering, with no server at all.",
                "Run 'llmrouter COMMAND --help' for a command's options and examples."},
        subcommands = {ChatCommand.class, ValidateCommand.class, HealthCommand.class, ModelsCommand.class, DoctorCommand.class,
                ExportLitellmCommand.class, ImportLitellmCommand.class, CheckStaleCommand.class, CompletionCommand.class})
public final class RootCommand implements Callable<Integer> {
    @Mixin
    private GlobalOptions global;

    @Spec
    private CommandSpec spec;

    private final CliContext ctx;

    /** The command tree without a context, for generating completion scripts and man pages. */
    public RootCommand() {
        this(null);
    }

    /** The command tree that runs with {@code ctx}. */
    public RootCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /** The options given before the command's name. */
    public GlobalOptions global() {
        return global;
    }

    /**
     * The context a command runs with; plain output when {@code --no-color} was given.
     *
     * @throws IllegalStateException when this tree was built without a context (only to describe it)
     */
    public CliContext context(boolean noColor) {
        if (ctx == null) {
            throw new IllegalStateException("this command tree only describes the CLI; it was built without a context");
        }
        return noColor ? ctx.withStyle(Style.PLAIN) : ctx;
    }

    @Override
    public Integer call() {
        CliContext c = context(global.noColor());
        if (global.demo() && global.config().isEmpty()) {
            return new DemoScript().run(c);
        }
        if (global.demo()) {
            throw new UsageException("--demo uses built-in mock providers; leave out --config");
        }
        spec.commandLine().usage(c.out());
        return ExitCodes.OK;
    }
}
