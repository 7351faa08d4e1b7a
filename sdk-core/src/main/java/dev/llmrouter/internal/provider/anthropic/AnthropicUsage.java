package dev.llmrouter.internal.provider.anthropic;

import dev.llmrouter.api.Usage;
import tools.jackson.databind.JsonNode;

/**
 * Anthropic's token counts as the server reports them. {@code input_tokens} excludes cached input,
 * so {@link #toUsage()} counts prompt tokens as {@code input + cache creation + cache read} and
 * reports cache reads as cached prompt tokens. Immutable and thread-safe.
 */
record AnthropicUsage(long input, long cacheCreation, long cacheRead, long output) {
    static final AnthropicUsage NONE = new AnthropicUsage(0, 0, 0, 0);

    /**
     * These counts updated by a {@code usage} object: each field it carries REPLACES ours, because
     * a stream's {@code message_delta} usage is cumulative (adding it would count twice).
     */
    AnthropicUsage updatedBy(JsonNode u) {
        if (u == null || !u.isObject()) {
            return this;
        }
        return new AnthropicUsage(field(u, "input_tokens", input), field(u, "cache_creation_input_tokens", cacheCreation),
                field(u, "cache_read_input_tokens", cacheRead), field(u, "output_tokens", output));
    }

    /** The normalised usage. */
    Usage toUsage() {
        long prompt = input + cacheCreation + cacheRead;
        return new Usage(prompt, output, prompt + output, cacheRead);
    }

    private static long field(JsonNode u, String name, long current) {
        JsonNode v = u.get(name);
        return v != null && v.isNumber() ? Math.max(0, v.asLong()) : current;
    }
}
