package dev.llmrouter.cli.command;

import dev.llmrouter.cli.Cli;
import dev.llmrouter.cli.CliContext;
import dev.llmrouter.cli.ExitCodes;
import dev.llmrouter.cli.UsageException;
import dev.llmrouter.cli.args.OptionSpec;
import dev.llmrouter.cli.args.ParsedArgs;
import dev.llmrouter.cli.config.ConfigLoading;
import dev.llmrouter.cli.config.ConfigResolver;
import dev.llmrouter.cli.config.ConfigSource;
import dev.llmrouter.cli.output.Formats;
import dev.llmrouter.config.ConfigExplainer;
import dev.llmrouter.config.ConfigProblem;
import dev.llmrouter.config.LoadResult;
import dev.llmrouter.config.RouterConfig;
import java.util.List;


/**
 * {@code validate FILE...}: every problem of the configuration at once, one per line as
 * {@code file:line:column: error|warning: message (hint)}; exit 0 without errors, 1 with. The
 * files are read together, as one configuration (the seed's {@code providers.yaml} plus
 * {@code model-mappings.yaml}). Stateless and thread-safe.
 */
public final class ValidateCommand implements Command {
    @Override
    public String name() {
        return "validate";
    }

    @Override
    public String summary() {
        return "check configuration files: every problem as file:line:column with a fix hint";
    }

    @Override
    public String usage() {
        return "validate [FILE...] [--explain]";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.flag("explain", "also print, for every model, the groups and deployments a request "
                + "would try, in order, with their effective timeouts, limits and circuit policy"));
    }


    @Override
    public String details() {
        return """
                The files are read together as one configuration. Without FILE, validates the configuration the
                other commands would use (--config, $LLMROUTER_CONFIG, ./router.yaml, the built-in default).

                Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error.

                Example:
                  llmrouter validate samples/config/providers.yaml samples/config/model-mappings.yaml
                """;
    }

    @Override
    public int run(ParsedArgs args, CliContext ctx) {
        if (!args.positionals().isEmpty() && (args.has(Cli.CONFIG) || args.has(Cli.DEMO))) {
            throw new UsageException("validate: name the files either as arguments or with --config, not both");
        }
        ConfigSource source = args.positionals().isEmpty()
                ? ConfigResolver.resolve(args.has(Cli.DEMO), args.all(Cli.CONFIG), ctx.env(), ctx.workingDir())
                : ConfigResolver.files(args.positionals(), ctx.workingDir(), "validate");
        LoadResult result = ConfigLoading.read(source, ctx.env());
        for (ConfigProblem p : result.problems()) {
            ctx.out().println(p.format());
        }
        int errors = result.errors().size();
        int warnings = result.warnings().size();
        if (errors > 0) {
            ctx.out().println(Formats.count(errors, "error") + ", " + Formats.count(warnings, "warning"));
            return ExitCodes.FAILED;
        }
        RouterConfig config = result.config().orElseThrow();
        ctx.out().println(source.description() + ": ok (" + Formats.count(config.providers().size(), "provider") + ", "
                + Formats.count(config.models().size(), "model group")
                + (warnings == 0 ? "" : ", " + Formats.count(warnings, "warning")) + ")");
        if (args.has("explain")) {
            ctx.out().println();
            ctx.out().print(ConfigExplainer.explain(config));
        }
        return ExitCodes.OK;
    }
}
