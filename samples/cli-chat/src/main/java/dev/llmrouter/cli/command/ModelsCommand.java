package dev.llmrouter.cli.command;

import dev.llmrouter.cli.CliContext;
import dev.llmrouter.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code models}: the model groups with their deployments, enforced limits, status and fallback
 * chains, then the aliases. Stateless and thread-safe.
 */
@Command(name = "models", description = "list model groups: deployments, limits, status, fallbacks, aliases",
        footer = """

        RPM/TPM are the limits as enforced: the deployment's own, else its provider's, else the type's default.
        STATUS is 'disabled' for a disabled provider, else the circuit state after a health probe.

        Example:
          llmrouter models --config samples/config/providers.yaml samples/config/model-mappings.yaml
        """)
public final class ModelsCommand extends CliCommand {
    @Parameters(hidden = true)
    private List<String> extra = new ArrayList<>();

    @Override
    protected int run(CliContext ctx) {
        noArguments("models", extra, "");
        try (RouterHandle router = RouterHandle.open(configSource(ctx), ctx)) {
            router.printModels(ctx.out());
            return ExitCodes.OK;
        }
    }
}
