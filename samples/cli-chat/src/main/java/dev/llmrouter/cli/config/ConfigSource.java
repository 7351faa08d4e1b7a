package dev.llmrouter.cli.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a command's configuration comes from: files, or YAML text held by the CLI itself (the
 * built-in default and the demo). Immutable and thread-safe.
 *
 * @param files the files, in order, when the configuration is read from files; else empty
 * @param yaml the YAML text when the configuration is built in; else null
 * @param description how to name the source to the user ({@code ./router.yaml}, {@code built-in default})
 */
public record ConfigSource(List<Path> files, String yaml, String description) {
    /** Copies the list. */
    public ConfigSource {
        files = List.copyOf(files);
        Objects.requireNonNull(description, "description");
        if (files.isEmpty() == (yaml == null)) {
            throw new IllegalArgumentException("a configuration source is either files or built-in text");
        }
    }

    /** Configuration read from these files. */
    public static ConfigSource ofFiles(List<Path> files, String description) {
        return new ConfigSource(files, null, description);
    }

    /** Configuration held as text (the name appears in problem reports as the file name). */
    public static ConfigSource ofText(String yaml, String description) {
        return new ConfigSource(List.of(), yaml, description);
    }

    /** True when the configuration is built into the CLI. */
    public boolean builtIn() {
        return yaml != null;
    }
}
