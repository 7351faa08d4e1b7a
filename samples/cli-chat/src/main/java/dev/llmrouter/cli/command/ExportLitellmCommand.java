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
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.litellm.LiteLlmExporter;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code export-litellm --out FILE}: writes the configuration as a LiteLLM proxy
 * {@code config.yaml} with the AUTO-GENERATED header naming its sources, as the seed's generator
 * did; {@code check-stale} reads that header back. Stateless and thread-safe.
 */
public final class ExportLitellmCommand implements Command {
    @Override
    public String name() {
        return "export-litellm";
    }

    @Override
    public String summary() {
        return "write the configuration as a LiteLLM proxy config.yaml (AUTO-GENERATED, with its sources)";
    }

    @Override
    public String usage() {
        return "export-litellm --out FILE";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(OptionSpec.value("out", "FILE", "the LiteLLM config.yaml to write (replaced if it exists)"));
    }

    @Override
    public String details() {
        return """
                API keys are written as os.environ/VARIABLE references, never as values. Disabled providers are left out.

                Exit codes: 0 written, 1 the file cannot be written, 2 usage or configuration error.

                Example:
                  llmrouter export-litellm --config providers.yaml model-mappings.yaml --out litellm-config.yaml
                """;
    }

    @Override
    public int run(ParsedArgs args, CliContext ctx) {
        if (!args.positionals().isEmpty()) {
            throw new UsageException("export-litellm takes no arguments, got '" + args.positionals().get(0) + "' (use --out FILE)");
        }
        Path out = ConfigResolver.displayPath(args.required("out"), ctx.workingDir());
        ConfigSource source = ConfigResolver.resolve(args.has(Cli.DEMO), args.all(Cli.CONFIG), ctx.env(), ctx.workingDir());
        if (source.files().contains(out)) {
            throw new UsageException("--out " + out + " is one of the configuration files; choose another file");
        }
        RouterConfig config = ConfigLoading.load(source, ctx.env(), ctx.err());
        LiteLlmExporter.write(config, source.files(), out);
        ctx.out().println("wrote " + out + " from " + source.description() + " (" + config.models().size() + " model groups);"
                + " check it later with: " + Cli.PROGRAM + " check-stale " + out);
        return ExitCodes.OK;
    }
}
