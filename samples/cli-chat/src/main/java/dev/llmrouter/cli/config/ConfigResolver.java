package dev.llmrouter.cli.config;

import dev.llmrouter.cli.UsageException;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Decides which configuration a command uses, first match wins: {@code --demo} (the built-in mock
 * providers), {@code --config FILE...}, the files named by {@code $LLMROUTER_CONFIG} (separated by
 * the platform's path separator, {@code :} on Unix), {@code ./router.yaml}, and finally the
 * built-in default for local servers on their usual ports. Stateless and thread-safe.
 */
public final class ConfigResolver {
    /** The environment variable naming the configuration files. */
    public static final String CONFIG_ENV = "LLMROUTER_CONFIG";
    /** The file looked for in the working directory. */
    public static final String LOCAL_FILE = "router.yaml";

    private ConfigResolver() {
    }

    /**
     * The configuration source.
     *
     * @param demo true for {@code --demo}
     * @param configFiles the values of {@code --config} (possibly empty)
     * @param env the environment variables
     * @param workingDir the directory relative paths are resolved against
     * @throws UsageException when {@code --demo} and {@code --config} are both given, or a named file does not exist
     */
    public static ConfigSource resolve(boolean demo, List<String> configFiles, Map<String, String> env, Path workingDir) {
        return resolve(demo, configFiles, env, workingDir, BuiltinConfigs::localDefault);
    }

    /**
     * The configuration source, with {@code localDefault} giving the built-in default's YAML.
     *
     * @throws UsageException as {@link #resolve(boolean, List, Map, Path)}
     */
    public static ConfigSource resolve(boolean demo, List<String> configFiles, Map<String, String> env, Path workingDir,
                                       Function<Map<String, String>, String> localDefault) {
        if (demo) {
            if (!configFiles.isEmpty()) {
                throw new UsageException("--demo uses built-in mock providers; leave out --config");
            }
            return ConfigSource.ofText(BuiltinConfigs.demo(), BuiltinConfigs.DEMO_NAME);
        }
        if (!configFiles.isEmpty()) {
            return files(configFiles, workingDir, "--config");
        }
        String fromEnv = env.get(CONFIG_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            List<String> names = new ArrayList<>();
            for (String n : fromEnv.split(File.pathSeparator)) {
                if (!n.isBlank()) {
                    names.add(n.trim());
                }
            }
            return ConfigSource.ofFiles(existing(names, workingDir, "$" + CONFIG_ENV), "$" + CONFIG_ENV + " (" + fromEnv + ")");
        }
        Path local = workingDir.resolve(LOCAL_FILE);
        if (Files.isRegularFile(local)) {
            return ConfigSource.ofFiles(List.of(local), "./" + LOCAL_FILE);
        }
        return ConfigSource.ofText(localDefault.apply(env), BuiltinConfigs.DEFAULT_NAME);
    }

    /**
     * The path as the user wrote it when it is relative to the process's own directory, so that
     * problem reports say {@code samples/x.yaml:3:5} rather than a long absolute path; otherwise
     * resolved against the working directory.
     */
    public static Path displayPath(String name, Path workingDir) {
        Path given = Path.of(name);
        if (given.isAbsolute() || workingDir.equals(Path.of("").toAbsolutePath())) {
            return given.normalize();
        }
        return workingDir.resolve(given).normalize();
    }

    /**
     * Configuration files named by the user, as a source.
     *
     * @param origin what named them, for the error message ({@code --config}, {@code validate})
     * @throws UsageException when a file does not exist
     */
    public static ConfigSource files(List<String> names, Path workingDir, String origin) {
        return ConfigSource.ofFiles(existing(names, workingDir, origin), String.join(", ", names));
    }

    private static List<Path> existing(List<String> names, Path workingDir, String origin) {
        List<Path> paths = new ArrayList<>();
        for (String n : names) {
            Path p = displayPath(n, workingDir);
            if (!Files.isRegularFile(workingDir.resolve(p))) {
                throw new UsageException(origin + ": no such file: " + n);
            }
            paths.add(p);
        }
        return paths;
    }
}
