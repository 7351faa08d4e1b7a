package dev.llmrouter.cli.command;

import dev.llmrouter.cli.CliContext;
import dev.llmrouter.cli.args.OptionSpec;
import dev.llmrouter.cli.args.ParsedArgs;

import java.util.List;

/**
 * One CLI command ({@code chat}, {@code validate}, ...). Implementations are stateless and
 * thread-safe; {@link #run} does the work with the streams of the context it is given.
 */
public interface Command {
    /** The name typed on the command line. */
    String name();

    /** One line for the command list. */
    String summary();

    /** The synopsis after the program name: {@code validate FILE...}. */
    String usage();

    /** The command's own options (the global ones are added by the CLI); none by default. */
    default List<OptionSpec> options() {
        return List.of();
    }

    /** Help text after the options: what it prints, exit codes, examples. */
    String details();

    /**
     * Runs the command.
     *
     * @return the exit code ({@link dev.llmrouter.cli.ExitCodes})
     * @throws dev.llmrouter.cli.UsageException when the arguments are wrong
     * @throws dev.llmrouter.api.ConfigException when the configuration cannot be loaded
     */
    int run(ParsedArgs args, CliContext ctx);
}
