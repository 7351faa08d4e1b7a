package dev.llmrouter.internal.config.rules;

import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.internal.config.Problems;

/**
 * Runs every rule family over a bound or Java-built configuration. The rules name values by path;
 * {@link Problems} turns a path into the file, line and column it was written at (or prefixes the
 * path when the configuration was built in code). Thread-safe (static helpers).
 */
public final class SemanticValidator {
    private SemanticValidator() {
    }

    /** Checks {@code config}, skipping references to the names in {@code gaps}. */
    public static void run(RouterConfig config, Problems problems, Gaps gaps) {
        ReferenceRules.check(config, problems, gaps);
        FallbackRules.check(config, problems);
        ProviderRules.check(config, problems, gaps);
        TimeoutRules.check(config, problems);
        ValueRules.check(config, problems);
        MockRules.check(config, problems);
    }
}
