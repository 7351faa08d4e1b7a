package dev.llmrouter.cli.args;

import dev.llmrouter.cli.UsageException;
import dev.llmrouter.internal.config.Durations;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The result of parsing a command line: the command (if one was named), the options given and
 * the positional arguments. Immutable and thread-safe.
 *
 * @param command the command name, or null when none was given
 * @param flags the flags given (options without a value)
 * @param values every value of each option given, in order
 * @param positionals the remaining words, in order
 */
public record ParsedArgs(String command, Set<String> flags, Map<String, List<String>> values, List<String> positionals) {
    /** Copies the collections. */
    public ParsedArgs {
        flags = Set.copyOf(flags);
        values = Map.copyOf(values);
        positionals = List.copyOf(positionals);
    }

    /** True when the flag was given. */
    public boolean has(String flag) {
        return flags.contains(flag) || values.containsKey(flag);
    }

    /** The option's last value, when it was given. */
    public Optional<String> value(String option) {
        List<String> v = values.get(option);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    /** Every value of the option, in order; empty when it was not given. */
    public List<String> all(String option) {
        return values.getOrDefault(option, List.of());
    }

    /** The option's value. @throws UsageException when it was not given */
    public String required(String option) {
        return value(option).orElseThrow(() -> new UsageException(
                (command == null ? "" : command + ": ") + "--" + option + " is required"));
    }

    /**
     * The option's value as a positive whole number, when given.
     *
     * @throws UsageException when the value is not a positive whole number
     */
    public Optional<Integer> positiveInt(String option) {
        return value(option).map(v -> {
            try {
                int n = Integer.parseInt(v.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the option's name
            }
            throw new UsageException("--" + option + " needs a positive whole number, got '" + v + "'");
        });
    }

    /**
     * The option's value as a duration ({@code 30s}, {@code 2m}, {@code 500ms}, {@code 1h}, or plain
     * seconds), when given.
     *
     * @throws UsageException when the value is not a duration
     */
    public Optional<Duration> duration(String option) {
        return value(option).map(v -> Durations.parse(v).orElseThrow(() -> new UsageException(
                "--" + option + " needs a duration such as 30s, 2m or 500ms, got '" + v + "'")));
    }
}
