package dev.llmrouter.config;

import dev.llmrouter.api.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What reading a configuration produced: the configuration when it has no errors, and every
 * problem found (errors and warnings, in file order). Immutable and thread-safe.
 */
public final class LoadResult {
    private final RouterConfig config;
    private final List<ConfigProblem> problems;
    private final List<Path> sources;
    private final boolean hasErrors;

    /**
     * A result. {@code config} is dropped when {@code problems} holds an error, so a configuration
     * with errors can never be used by mistake.
     */
    public LoadResult(RouterConfig config, List<ConfigProblem> problems, List<Path> sources) {
        this.problems = List.copyOf(problems);
        this.sources = List.copyOf(sources);
        this.hasErrors = this.problems.stream().anyMatch(ConfigProblem::isError);
        if (!hasErrors && config == null) {
            throw new IllegalArgumentException("a result without errors needs a configuration");
        }
        this.config = hasErrors ? null : config;
    }

    /** The configuration; present exactly when there are no errors. */
    public Optional<RouterConfig> config() {
        return Optional.ofNullable(config);
    }

    /** Every problem, errors and warnings, in file order. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /** True when at least one problem is an error. */
    public boolean hasErrors() {
        return hasErrors;
    }

    /** The errors only. */
    public List<ConfigProblem> errors() {
        return problems.stream().filter(ConfigProblem::isError).toList();
    }

    /** The warnings only. */
    public List<ConfigProblem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    /** The files read, in merge order (empty for a configuration read from a string). */
    public List<Path> sources() {
        return sources;
    }

    /**
     * The configuration, or a {@link ConfigException} listing every problem (formatted) when there
     * is an error.
     */
    public RouterConfig orThrow() {
        if (config != null) {
            return config;
        }
        List<String> lines = problems.stream().map(ConfigProblem::format).toList();
        long errors = problems.stream().filter(ConfigProblem::isError).count();
        String where = sources.isEmpty() ? "" : " in " + String.join(", ", sources.stream().map(Path::toString).toList());
        throw new ConfigException("invalid configuration" + where + ": " + errors + (errors == 1 ? " error" : " errors"),
                lines, null);
    }
}
