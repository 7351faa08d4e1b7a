package dev.llmrouter.config;

import java.util.List;
import java.util.Map;

/**
 * The fallback chains, by kind (DESIGN section 4.6). Immutable and thread-safe.
 *
 * @param general {@code fallbacks}: group to the groups tried after any failure left after retries
 * @param contextWindow {@code context_window_fallbacks}
 * @param contentPolicy {@code content_policy_fallbacks}
 * @param defaults {@code default_fallbacks}: tried for any group without its own general chain
 */
public record FallbackConfig(Map<String, List<String>> general, Map<String, List<String>> contextWindow,
                             Map<String, List<String>> contentPolicy, List<String> defaults) {
    /** No fallbacks. */
    public static final FallbackConfig NONE = new FallbackConfig(Map.of(), Map.of(), Map.of(), List.of());

    /** Copies the maps and lists. */
    public FallbackConfig {
        general = copy(general);
        contextWindow = copy(contextWindow);
        contentPolicy = copy(contentPolicy);
        defaults = List.copyOf(defaults);
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> m) {
        java.util.LinkedHashMap<String, List<String>> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }
}
