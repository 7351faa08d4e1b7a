package dev.llmrouter.cli.command;

import dev.llmrouter.cli.CliContext;
import dev.llmrouter.cli.ExitCodes;
import dev.llmrouter.cli.UsageException;
import dev.llmrouter.cli.config.ConfigLoading;
import dev.llmrouter.cli.config.ConfigResolver;
import dev.llmrouter.cli.config.ConfigSource;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.litellm.LiteLlmExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code export-litellm --out FILE}: writes the configuration as a LiteLLM proxy
 * {@code config.yaml} with the AUTO-GENERATED header naming its sources, as the seed's generator
 * did; {@code check-stale} reads that header back. Stateless and thread-safe.
 */
@Command(name = "export-litellm", description = "write the configuration as a LiteLLM proxy config.yaml (AUTO-GENERATED, with its sources)",
        footer = """

        API keys are written as os.environ/VARIABLE references, never as values. Disabled providers are left out.

        Exit codes: 0 written, 1 the file cannot be written, 2 usage or configuration error.

        Example:
          llmrouter export-litellm --config providers.yaml model-mappings.yaml --out litellm-config.yaml
        """)
public final class ExportLitellmCommand extends CliCommand {
    @Option(names = "--out", paramLabel = "FILE", description = "the LiteLLM config.yaml to write (replaced if it exists)")
    private String out;

    @Parameters(hidden = true)
    private List<String> extra = new ArrayList<>();

    @Override
    protected int run(CliContext ctx) {
        noArguments("export-litellm", extra, " (use --out FILE)");
        if (out == null) {
            throw new UsageException("export-litellm: --out is required");
        }
        Path target = ConfigResolver.displayPath(out, ctx.workingDir());
        ConfigSource source = configSource(ctx);
        if (source.files().contains(target)) {
            throw new UsageException("--out " + target + " is one of the configuration files; choose another file");
        }
        RouterConfig config = ConfigLoading.load(source, ctx.env(), ctx.err());
        LiteLlmExporter.write(config, source.files(), target);
        ctx.out().println("wrote " + target + " from " + source.description() + " (" + config.models().size() + " model groups);"
                + " check it later with: llmrouter check-stale " + target);
        return ExitCodes.OK;
    }
}
