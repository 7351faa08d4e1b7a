package dev.llmrouter.cli.command;

import dev.llmrouter.cli.CliContext;
import dev.llmrouter.cli.ExitCodes;
import dev.llmrouter.cli.UsageException;
import dev.llmrouter.cli.config.ConfigResolver;
import dev.llmrouter.cli.config.ConfigWriter;
import dev.llmrouter.config.ConfigProblem;
import dev.llmrouter.config.LoadResult;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.litellm.LiteLlmImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code import-litellm FILE --out FILE}: reads a LiteLLM proxy {@code config.yaml} and writes the
 * same routing, limits and fallbacks as an llmrouter configuration. Every LiteLLM setting without
 * an equivalent is reported as a warning at its line; keys stay {@code ${VAR}} references.
 * Stateless and thread-safe.
 */
@Command(name = "import-litellm", description = "convert a LiteLLM proxy config.yaml into an llmrouter configuration",
        footer = """

        Warnings name each LiteLLM setting that has no llmrouter equivalent, at its line. Keys written inline in the
        LiteLLM file are not copied: the output references environment variables only.

        Exit codes: 0 written, 1 the LiteLLM file has errors (nothing written), 2 usage error.

        Example:
          llmrouter import-litellm litellm-config.yaml --out router.yaml
        """)
public final class ImportLitellmCommand extends CliCommand {
    @Option(names = "--out", paramLabel = "FILE", description = "the llmrouter configuration to write (replaced if it exists)")
    private String out;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "the LiteLLM proxy config.yaml to read")
    private List<String> files = new ArrayList<>();

    /**
     * Stands in for variables that are unset while importing: the import only writes
     * {@code ${VAR}} references, so it must not fail because this shell lacks a key.
     */
    private static final String UNSET = "unset-while-importing";

    @Override
    protected int run(CliContext ctx) {
        if (files.size() != 1) {
            throw new UsageException("import-litellm needs exactly one LiteLLM file, got " + files.size());
        }
        Path in = ConfigResolver.files(files, ctx.workingDir(), "import-litellm").files().get(0);
        if (out == null) {
            throw new UsageException("import-litellm: --out is required");
        }
        Path target = ConfigResolver.displayPath(out, ctx.workingDir());
        if (target.toAbsolutePath().normalize().equals(in.toAbsolutePath().normalize())) {
            throw new UsageException("--out must differ from the LiteLLM file it reads");
        }
        Map<String, String> env = ctx.env();
        Function<String, String> lookup = name -> env.getOrDefault(name, UNSET);
        LoadResult result = LiteLlmImporter.read(lookup, in);
        for (ConfigProblem p : result.problems()) {
            ctx.err().println(p.format());
        }
        if (result.hasErrors()) {
            ctx.err().println("nothing written: fix the errors above in " + in);
            return ExitCodes.FAILED;
        }
        RouterConfig config = result.config().orElseThrow();
        StringBuilder text = new StringBuilder("# Imported from " + in.getFileName() + " by llmrouter import-litellm.\n");
        String yaml = ConfigWriter.yaml(config, note -> {
            ctx.err().println("note: " + note);
            text.append("# note: ").append(note).append('\n');
        });
        text.append(yaml);
        try {
            Files.writeString(target, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        ctx.out().println("wrote " + target + " (" + config.providers().size() + " providers, " + config.models().size()
                + " model groups" + (result.warnings().isEmpty() ? "" : ", " + result.warnings().size() + " warnings above") + ")");
        return ExitCodes.OK;
    }
}
