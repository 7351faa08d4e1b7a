package dev.llmrouter.config.litellm;

import dev.llmrouter.config.LoadResult;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.internal.config.Location;
import dev.llmrouter.internal.config.Problems;
import dev.llmrouter.internal.config.bind.BindContext;
import dev.llmrouter.internal.config.bind.Section;
import dev.llmrouter.internal.config.litellm.LiteLlmImport;
import dev.llmrouter.internal.config.rules.SemanticValidator;
import dev.llmrouter.internal.config.yaml.SafeYaml;
import dev.llmrouter.internal.config.yaml.YNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a LiteLLM proxy {@code config.yaml} into a {@link RouterConfig} that keeps its meaning:
 * {@code model_list} into providers and model groups, {@code router_settings} /
 * {@code litellm_settings} / {@code general_settings} into routing, retries, timeouts, aliases,
 * fallbacks, Redis, the response cache and health checks. LiteLLM's per-call timeout is the attempt
 * timeout, its {@code allowed_fails} n becomes n + 1 (llmrouter opens AT that many failures), and
 * where the file is silent LiteLLM's own defaults apply. A deployment llmrouter cannot serve
 * (bedrock, vertex_ai, sagemaker, unknown providers) is skipped with a warning at its line and the
 * rest is imported; every setting without an llmrouter equivalent is a warning at its line. Then the
 * result is validated with the same rules as llmrouter's own files. The YAML is read in safe mode,
 * and {@code os.environ/VAR} and {@code ${VAR}} values are read through the given lookup. Reading an
 * export of {@link LiteLlmExporter} gives back the same configuration. Thread-safe (stateless).
 */
public final class LiteLlmImporter {
    private LiteLlmImporter() {
    }

    /** Imports {@code file}, reading variables from the process environment. Never throws for content problems. */
    public static LoadResult read(Path file) {
        return read(System::getenv, file);
    }

    /** Imports {@code file}, reading variables through {@code env} (null means unset). */
    public static LoadResult read(Function<String, String> env, Path file) {
        try {
            return readString(Files.readString(file), file.toString(), env, List.of(file));
        } catch (IOException | java.io.UncheckedIOException e) {
            Problems problems = new Problems(file.toString());
            problems.errorAt(Location.of(file.toString()), "cannot read the file: " + e.getMessage(), "check the path");
            return new LoadResult(null, problems.list(), List.of(file));
        }
    }

    /** Imports LiteLLM YAML held in memory. */
    public static LoadResult readString(String yaml, String sourceName, Function<String, String> env) {
        return readString(yaml, sourceName, env, List.of());
    }

    private static LoadResult readString(String yaml, String name, Function<String, String> env, List<Path> sources) {
        Problems problems = new Problems(name);
        Optional<YNode.Mapping> root = SafeYaml.parse(yaml, name, problems);
        if (root.isEmpty()) {
            return new LoadResult(null, problems.sorted(List.of(name)), sources);
        }
        BindContext ctx = new BindContext(problems, env);
        RouterConfig config = LiteLlmImport.bind(Section.lenient(ctx, root.get(), ""), ctx);
        SemanticValidator.run(config, problems, ctx.gaps());
        return new LoadResult(config, problems.sorted(List.of(name)), sources);
    }
}
