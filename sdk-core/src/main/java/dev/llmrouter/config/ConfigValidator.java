package dev.llmrouter.config;

import dev.llmrouter.internal.config.Problems;
import dev.llmrouter.internal.config.rules.Gaps;
import dev.llmrouter.internal.config.rules.SemanticValidator;
import java.util.List;

/**
 * Validates a {@link RouterConfig} built in Java with the same rules the YAML loader applies:
 * references, fallback chains and cycles, disabled providers, port clashes, cloud URLs, API keys,
 * timeout layering, value ranges and mock settings. Each problem's file is {@code <java>} with line
 * 0, and its message starts with the path of the value, such as
 * {@code models.coder.deployments[0].provider}. Thread-safe (stateless).
 */
public final class ConfigValidator {
    /** The file name given to problems of a configuration built in code. */
    public static final String JAVA_SOURCE = "<java>";

    private ConfigValidator() {
    }

    /** Every problem of {@code config}, errors and warnings; empty when it is fine. */
    public static List<ConfigProblem> validate(RouterConfig config) {
        Problems problems = new Problems(JAVA_SOURCE);
        SemanticValidator.run(config, problems, Gaps.NONE);
        return problems.list();
    }
}
