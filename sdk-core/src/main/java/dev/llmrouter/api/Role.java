package dev.llmrouter.api;

import java.util.Locale;

/** The author of a {@link ChatMessage}, as in the OpenAI chat format. Immutable and thread-safe. */
public enum Role {
    /** Instructions from the application; Anthropic hoists these into its top-level {@code system}. */
    SYSTEM,
    /** OpenAI's newer name for system instructions; servers that lack it receive {@code system}. */
    DEVELOPER,
    /** The end user. */
    USER,
    /** The model. */
    ASSISTANT,
    /** The result of a tool call, linked by {@link ChatMessage#toolCallId()}. */
    TOOL;

    /** The lower-case wire name ({@code "user"}, ...). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a wire name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the value when it is not a known role
     */
    public static Role fromWire(String value) {
        for (Role r : values()) {
            if (r.wireName().equalsIgnoreCase(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown message role '" + value + "' (expected system, developer, user, assistant or tool)");
    }
}
