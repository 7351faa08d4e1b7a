package dev.llmrouter.internal.config.litellm;

import dev.llmrouter.config.Secret;
import dev.llmrouter.internal.config.bind.BindContext;
import dev.llmrouter.internal.config.yaml.YNode;

/**
 * LiteLLM's secret references: {@code os.environ/VAR} reads a variable (kept empty with its name
 * when unset, so the provider rule reports it for active providers); anything else is a key
 * written inline, which is a warning. Thread-safe (static helpers).
 */
final class ImportSecrets {
    static final String ENV_PREFIX = "os.environ/";

    private ImportSecrets() {
    }

    static Secret read(YNode.Scalar raw, String text, String what, BindContext ctx) {
        if (text.startsWith(ENV_PREFIX)) {
            String var = text.substring(ENV_PREFIX.length()).trim();
            String value = ctx.interpolator().lookup(var);
            return Secret.fromEnv(var, value == null ? "" : value);
        }
        ctx.problems().warningAt(raw.location(), what + " is written inline", "write os.environ/VARIABLE_NAME and set the variable");
        return Secret.of(text);
    }
}
