package dev.llmrouter.cli.command;

import dev.llmrouter.cli.CliContext;
import dev.llmrouter.cli.GlobalOptions;
import dev.llmrouter.cli.RootCommand;
import dev.llmrouter.cli.UsageException;
import dev.llmrouter.cli.VersionInfo;
import dev.llmrouter.cli.config.ConfigResolver;
import dev.llmrouter.cli.config.ConfigSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * What every llmrouter command shares: the global options ({@code --config}, {@code --demo},
 * {@code --no-color}, accepted before or after the command's name) and the context it runs with.
 * Picocli fills one instance per command line; not thread-safe.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = VersionInfo.class, sortOptions = false)
public abstract class CliCommand implements Callable<Integer> {
    @ParentCommand
    private RootCommand root;

    @Mixin
    private GlobalOptions local;

    /** The global options given on either side of the command's name. */
    protected final GlobalOptions global() {
        return local.merge(root.global());
    }

    /** The configuration the options name: {@code --demo}, {@code --config}, else the usual search. */
    protected final ConfigSource configSource(CliContext ctx) {
        GlobalOptions g = global();
        return ConfigResolver.resolve(g.demo(), g.config(), ctx.env(), ctx.workingDir(), ctx.localDefault());
    }

    /** True when {@code --config} or {@code --demo} was given. */
    protected final boolean configNamed() {
        GlobalOptions g = global();
        return g.demo() || !g.config().isEmpty();
    }

    /** Fails when the command got positional arguments it does not take. */
    protected static void noArguments(String command, List<String> extra, String hint) {
        if (!extra.isEmpty()) {
            throw new UsageException(command + " takes no arguments, got '" + extra.get(0) + "'" + hint);
        }
    }

    @Override
    public final Integer call() {
        return run(root.context(global().noColor()));
    }

    /**
     * Runs the command.
     *
     * @return the exit code ({@link dev.llmrouter.cli.ExitCodes})
     * @throws UsageException when the arguments are wrong
     * @throws dev.llmrouter.api.ConfigException when the configuration cannot be loaded
     */
    protected abstract int run(CliContext ctx);
}
