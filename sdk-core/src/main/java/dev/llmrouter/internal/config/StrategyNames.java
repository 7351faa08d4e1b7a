package dev.llmrouter.internal.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routing strategy names: llmrouter's own, the LiteLLM spellings accepted for them, and
 * {@code custom:NAME} for strategies registered in code (which the loader cannot know, so any
 * such name is accepted). Thread-safe (static helpers).
 */
public final class StrategyNames {
    /** Prefix of a strategy registered in code. */
    public static final String CUSTOM_PREFIX = "custom:";

    /** llmrouter's built-in strategies (DESIGN 4.5). */
    public static final List<String> BUILT_IN = List.of("simple-shuffle", "ordered", "least-busy", "latency-based",
            "usage-based", "cost-based");

    private static final Map<String, String> FROM_LITELLM = Map.of(
            "usage-based-routing", "usage-based",
            "usage-based-routing-v2", "usage-based",
            "latency-based-routing", "latency-based",
            "cost-based-routing", "cost-based");

    private StrategyNames() {
    }

    /** Our name for {@code name} (ours, LiteLLM's or {@code custom:...}), or empty when unknown. */
    public static Optional<String> canonical(String name) {
        if (BUILT_IN.contains(name)) {
            return Optional.of(name);
        }
        if (name.startsWith(CUSTOM_PREFIX) && name.length() > CUSTOM_PREFIX.length()) {
            return Optional.of(name);
        }
        return Optional.ofNullable(FROM_LITELLM.get(name));
    }

    /**
     * The LiteLLM spelling of one of our names. {@code ordered} has no LiteLLM strategy of its own:
     * LiteLLM tries lower {@code order} first under any strategy, so it becomes {@code simple-shuffle}
     * with {@code order} on each deployment; a custom strategy also becomes {@code simple-shuffle}.
     */
    public static String toLiteLlm(String ours) {
        return switch (ours) {
            case "least-busy" -> "least-busy";
            case "latency-based" -> "latency-based-routing";
            case "usage-based" -> "usage-based-routing";
            case "cost-based" -> "cost-based-routing";
            default -> "simple-shuffle";
        };
    }
}
