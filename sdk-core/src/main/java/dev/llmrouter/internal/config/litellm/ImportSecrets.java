package dev.llmrouter.internal.config.litellm;

import dev.llmrouter.config.Secret;
import dev.llmrouter.internal.config.bind.BindContext;
import dev.llmrouter.internal.config.bind.Interpolator;
import dev.llmrouter.internal.config.yaml.YNode;

/**
 * LiteLLM's secret references: {@code os.environ/VAR} (or {@code ${VAR}}) reads a variable (kept empty with its name
 * when unset, so the provider rule reports it for active providers); anything else is a key
 * written inline, which is a warning. Thread-safe (static helpers).
 */
final class ImportSecrets {
    private ImportSecrets() {
    }

    static Secret read(YNode.Scalar raw, String what, BindContext ctx) {
        java.util.List<String> vars = Interpolator.references(raw.value());
        if (!vars.isEmpty()) {
            // the variable's absence is the provider rule's to report (active providers only)
            String[] value = new String[1];
            ctx.collectingMissing(() -> value[0] = ctx.expand(raw.value(), raw.location()));
            return Secret.fromEnv(vars.get(0), value[0]);
        }
        ctx.problems().warningAt(raw.location(), what + " is written inline", "write os.environ/VARIABLE_NAME and set the variable");
        return Secret.of(raw.value());
    }
}
