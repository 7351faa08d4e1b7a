package dev.llmrouter.cli.config;

import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.ConfigProblem;
import dev.llmrouter.config.LoadResult;
import dev.llmrouter.config.RouterConfig;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * Loads a {@link ConfigSource} with the library's {@link ConfigLoader}, reading {@code ${VAR}}
 * from the CLI's environment, so every command reports problems the same way
 * ({@code file:line:column: error|warning: message (hint)}). Stateless and thread-safe.
 */
public final class ConfigLoading {
    private ConfigLoading() {
    }

    /**
     * Every problem of the source, and the configuration when there is no error.
     *
     * @param source the files or built-in text
     * @param env the environment variables {@code ${VAR}} reads
     */
    public static LoadResult read(ConfigSource source, Map<String, String> env) {
        if (source.builtIn()) {
            return ConfigLoader.readString(source.yaml(), source.description(), env::get);
        }
        return ConfigLoader.read(env::get, source.files().toArray(Path[]::new));
    }

    /**
     * The configuration; its warnings are printed to {@code warnings}.
     *
     * @throws dev.llmrouter.api.ConfigException listing every error
     */
    public static RouterConfig load(ConfigSource source, Map<String, String> env, PrintStream warnings) {
        LoadResult result = read(source, env);
        RouterConfig config = result.orThrow();
        for (ConfigProblem w : result.warnings()) {
            warnings.println(w.format());
        }
        return config;
    }
}
