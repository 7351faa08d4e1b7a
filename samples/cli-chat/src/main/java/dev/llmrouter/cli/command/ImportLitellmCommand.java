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
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code import-litellm FILE --out FILE [--strict]}: reads a LiteLLM proxy {@code config.yaml} and
 * writes the same routing, limits, timeouts and fallbacks as an llmrouter configuration. Every
 * skipped deployment and every LiteLLM setting without an equivalent is a warning at its line; the
 * rest is written (exit 0), unless {@code --strict} makes any warning a failure. Keys and passwords
 * stay {@code ${VAR}} references; any other value read from a variable must be set while importing.
 * Stateless and thread-safe.
 */
@Command(name = "import-litellm", description = "convert a LiteLLM proxy config.yaml into an llmrouter configuration",
        footer = """

        Warnings name, at its line, each LiteLLM setting that has no llmrouter equivalent and each deployment that
        was skipped (a provider llmrouter cannot serve, such as bedrock); the rest is imported. Keys written inline in
        the LiteLLM file are not copied: the output references environment variables only.

        Exit codes: 0 written (maybe with warnings), 1 the LiteLLM file has errors, or warnings with --strict
        (nothing written), 2 usage error.

        Example:
          llmrouter import-litellm litellm-config.yaml --out router.yaml
        """)
public final class ImportLitellmCommand extends CliCommand {
    @Option(names = "--out", paramLabel = "FILE", description = "the llmrouter configuration to write (replaced if it exists)")
    private String out;

    @Option(names = "--strict", description = "fail, writing nothing, when anything was skipped or dropped (any warning)")
    private boolean strict;

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
        Set<String> unset = new TreeSet<>();
        Function<String, String> lookup = name -> {
            String v = env.get(name);
            if (v == null) {
                unset.add(name);
                return UNSET;
            }
            return v;
        };
        LoadResult result = LiteLlmImporter.read(lookup, in);
        for (ConfigProblem p : result.problems()) {
            ctx.err().println(p.format());
        }
        if (result.hasErrors()) {
            ctx.err().println("nothing written: fix the errors above in " + in);
            return ExitCodes.FAILED;
        }
        if (strict && !result.warnings().isEmpty()) {
            ctx.err().println("nothing written: --strict and " + result.warnings().size() + " warnings above in " + in);
            return ExitCodes.FAILED;
        }
        RouterConfig config = result.config().orElseThrow();
        StringBuilder text = new StringBuilder("# Imported from " + in.getFileName() + " by llmrouter import-litellm.\n");
        String yaml = ConfigWriter.yaml(config, note -> {
            ctx.err().println("note: " + note);
            text.append("# note: ").append(note).append('\n');
        });
        if (yaml.contains(UNSET)) {
            // only keys stay variable references; any other value is written as read, so it must be known
            ctx.err().println("nothing written: a value read from an unset variable (" + String.join(", ", unset)
                    + ") would be written into the configuration; set it while importing (only API keys and passwords "
                    + "stay ${VAR} references)");
            return ExitCodes.FAILED;
        }
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
