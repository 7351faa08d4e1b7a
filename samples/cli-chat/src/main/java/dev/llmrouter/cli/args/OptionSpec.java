package dev.llmrouter.cli.args;

import java.util.Objects;

/**
 * One option a command accepts. Immutable and thread-safe.
 *
 * @param name the long name without dashes ({@code max-tokens})
 * @param valueName the value's name in help text ({@code N}), or null for a flag that takes no value
 * @param multi true when the option takes several values: it may be repeated, and after it every
 *        following word that is neither an option nor a command name is one more value
 *        ({@code --config providers.yaml model-mappings.yaml})
 * @param help one line of help text
 */
public record OptionSpec(String name, String valueName, boolean multi, String help) {
    /** @throws NullPointerException when the name or help is null */
    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(help, "help");
    }

    /** An option without a value. */
    public static OptionSpec flag(String name, String help) {
        return new OptionSpec(name, null, false, help);
    }

    /** An option with one value; given twice, the last one wins. */
    public static OptionSpec value(String name, String valueName, String help) {
        return new OptionSpec(name, valueName, false, help);
    }

    /** An option with one or more values. */
    public static OptionSpec values(String name, String valueName, String help) {
        return new OptionSpec(name, valueName, true, help);
    }

    /** True when the option takes a value. */
    public boolean takesValue() {
        return valueName != null;
    }

    /** How the option appears in help: {@code --max-tokens N}, {@code --config FILE...}. */
    public String synopsis() {
        return "--" + name + (valueName == null ? "" : " " + valueName + (multi ? "..." : ""));
    }
}
