package dev.llmrouter.config;

import java.util.Objects;
import java.util.Optional;

/**
 * A secret value such as an API key. {@link #toString()} prints a mask, never the value; only
 * {@link #reveal()} gives the value, for the one place that puts it on the wire. Immutable and
 * thread-safe.
 */
public final class Secret {
    private final String value;
    private final String source;

    private Secret(String value, String source) {
        this.value = Objects.requireNonNull(value, "value");
        this.source = source;
    }

    /** A secret with the given value, written inline (in code or YAML). */
    public static Secret of(String value) {
        return new Secret(value, "inline");
    }

    /** A secret read from the named environment variable (the name is kept for messages). */
    public static Secret fromEnv(String variable, String value) {
        return new Secret(value, "${" + variable + "}");
    }

    /** The value. Never log it. */
    public String reveal() {
        return value;
    }

    /** Where the value came from ({@code inline} or {@code ${VAR}}), safe to print. */
    public String source() {
        return source;
    }

    /**
     * The environment variable the value came from ({@code OPENAI_API_KEY} for a source of
     * {@code ${OPENAI_API_KEY}}), or empty for an inline value. Safe to print.
     */
    public Optional<String> envVariable() {
        if (source != null && source.startsWith("${") && source.endsWith("}")) {
            return Optional.of(source.substring(2, source.length() - 1));
        }
        return Optional.empty();
    }

    /** True when the value is empty. */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** A mask such as {@code ****(from ${OPENAI_API_KEY})}; never the value. */
    @Override
    public String toString() {
        return "****(from " + source + ")";
    }
}
