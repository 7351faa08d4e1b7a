package dev.llmrouter.cli.command;

import dev.llmrouter.cli.Cli;
import dev.llmrouter.cli.CliContext;
import dev.llmrouter.cli.ExitCodes;
import dev.llmrouter.cli.UsageException;
import dev.llmrouter.cli.args.ParsedArgs;
import dev.llmrouter.cli.config.ConfigResolver;


/**
 * {@code models}: the model groups with their deployments, enforced limits, status and fallback
 * chains, then the aliases. Stateless and thread-safe.
 */
public final class ModelsCommand implements Command {
    @Override
    public String name() {
        return "models";
    }

    @Override
    public String summary() {
        return "list model groups: deployments, limits, status, fallbacks, aliases";
    }

    @Override
    public String usage() {
        return "models";
    }


    @Override
    public String details() {
        return """
                RPM/TPM are the limits as enforced: the deployment's own, else its provider's, else the type's default.
                STATUS is 'disabled' for a disabled provider, else the circuit state after a health probe.

                Example:
                  llmrouter models --config samples/config/providers.yaml samples/config/model-mappings.yaml
                """;
    }

    @Override
    public int run(ParsedArgs args, CliContext ctx) {
        if (!args.positionals().isEmpty()) {
            throw new UsageException("models takes no arguments, got '" + args.positionals().get(0) + "'");
        }
        try (RouterHandle router = RouterHandle.open(ConfigResolver.resolve(args.has(Cli.DEMO), args.all(Cli.CONFIG),
                ctx.env(), ctx.workingDir()), ctx)) {
            router.printModels(ctx.out());
            return ExitCodes.OK;
        }
    }
}
