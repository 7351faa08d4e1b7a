package dev.llmrouter.internal.config;

/**
 * Wildcard model group names: one {@code *} standing for any non-empty text ({@code openai/*},
 * {@code *}, {@code *-preview}), as in LiteLLM's wildcard {@code model_name}s. The configuration
 * and the router resolve names with the same rule. Thread-safe (static helpers).
 */
public final class Wildcards {
    /** The wildcard character, in group names and in pass-through deployment model names. */
    public static final String STAR = "*";

    private Wildcards() {
    }

    /** True when {@code name} is a wildcard pattern (exactly one {@code *}). */
    public static boolean isPattern(String name) {
        int star = name.indexOf('*');
        return star >= 0 && name.indexOf('*', star + 1) < 0;
    }

    /** What the {@code *} of {@code pattern} stands for in {@code name}, or null when it does not match. */
    public static String match(String pattern, String name) {
        if (!isPattern(pattern)) {
            return null;
        }
        int star = pattern.indexOf('*');
        String prefix = pattern.substring(0, star);
        String suffix = pattern.substring(star + 1);
        if (name.length() > prefix.length() + suffix.length() && name.startsWith(prefix) && name.endsWith(suffix)) {
            return name.substring(prefix.length(), name.length() - suffix.length());
        }
        return null;
    }
}
