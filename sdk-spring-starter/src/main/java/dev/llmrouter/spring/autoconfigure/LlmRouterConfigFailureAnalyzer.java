package dev.llmrouter.spring.autoconfigure;

import dev.llmrouter.api.ConfigException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a router {@link ConfigException} at startup into Spring Boot's failure report: every
 * problem on its own line as {@code file:line:column: error: message (hint)}, instead of a stack
 * trace. Registered in {@code META-INF/spring.factories}. Stateless.
 */
public final class LlmRouterConfigFailureAnalyzer extends AbstractFailureAnalyzer<ConfigException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigException cause) {
        StringBuilder description = new StringBuilder("The llmrouter configuration is invalid: ");
        String message = cause.getMessage();
        int newline = message.indexOf(System.lineSeparator());
        description.append(newline < 0 ? message : message.substring(0, newline)).append(System.lineSeparator());
        for (String problem : cause.problems()) {
            description.append(System.lineSeparator()).append("    ").append(problem);
        }
        return new FailureAnalysis(description.toString(),
                "Fix each problem listed above at its file and line (llmrouter.config names the files; inline"
                        + " llmrouter.* keys are reported where they are written), then start the application again.",
                cause);
    }
}
