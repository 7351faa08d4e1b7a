package dev.llmrouter.cli.command;

import dev.llmrouter.cli.CliContext;
import dev.llmrouter.cli.ExitCodes;
import dev.llmrouter.cli.UsageException;
import dev.llmrouter.cli.config.ConfigLoading;
import dev.llmrouter.cli.config.ConfigResolver;
import dev.llmrouter.cli.config.ConfigSource;
import dev.llmrouter.cli.output.Formats;
import dev.llmrouter.config.ConfigExplainer;
import dev.llmrouter.config.ConfigProblem;
import dev.llmrouter.config.LoadResult;
import dev.llmrouter.config.RouterConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code validate FILE...}: every problem of the configuration at once, one per line as
 * {@code file:line:column: error|warning: message (hint)}; exit 0 without errors, 1 with. The
 * files are read together, as one configuration (the seed's {@code providers.yaml} plus
 * {@code model-mappings.yaml}). Stateless and thread-safe.
 */
@Command(name = "validate", description = "check configuration files: every problem as file:line:column with a fix hint",
        footer = """

        The files are read together as one configuration. Without FILE, validates the configuration the
        other commands would use (--config, $LLMROUTER_CONFIG, ./router.yaml, the built-in default).

        Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error.

        Example:
          llmrouter validate samples/config/providers.yaml samples/config/model-mappings.yaml
          llmrouter validate --explain router.yaml
        """)
public final class ValidateCommand extends CliCommand {
    @Parameters(paramLabel = "FILE", arity = "0..*", description = "configuration files, read together (default: the configuration the other commands use)")
    private List<String> files = new ArrayList<>();

    @Option(names = "--explain", description = "also print, for every model, the groups and deployments a request "
            + "would try, in order, with their effective timeouts, limits and circuit policy")
    private boolean explain;

    @Override
    protected int run(CliContext ctx) {
        if (!files.isEmpty() && configNamed()) {
            throw new UsageException("validate: name the files either as arguments or with --config, not both");
        }
        ConfigSource source = files.isEmpty() ? configSource(ctx) : ConfigResolver.files(files, ctx.workingDir(), "validate");
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
        if (explain) {
            ctx.out().println();
            ctx.out().print(ConfigExplainer.explain(config));
        }
        return ExitCodes.OK;
    }
}
