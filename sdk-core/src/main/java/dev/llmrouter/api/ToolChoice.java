package dev.llmrouter.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether and which tool the model must call: {@link #AUTO}, {@link #NONE}, {@link #REQUIRED} or
 * one named function. Immutable and thread-safe.
 */
public final class ToolChoice {
    /** The model decides. */
    public static final ToolChoice AUTO = new ToolChoice("auto", null);
    /** The model must not call a tool. */
    public static final ToolChoice NONE = new ToolChoice("none", null);
    /** The model must call some tool (Anthropic: {@code any}). */
    public static final ToolChoice REQUIRED = new ToolChoice("required", null);

    private final String mode;
    private final String functionName;

    private ToolChoice(String mode, String functionName) {
        this.mode = mode;
        this.functionName = functionName;
    }

    /** The model must call the named function. */
    public static ToolChoice function(String name) {
        return new ToolChoice("function", Objects.requireNonNull(name, "name"));
    }

    /** {@code auto}, {@code none}, {@code required} or {@code function}. */
    public String mode() {
        return mode;
    }

    /** The function name when {@link #mode()} is {@code function}. */
    public Optional<String> functionName() {
        return Optional.ofNullable(functionName);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToolChoice t && t.mode.equals(mode) && Objects.equals(t.functionName, functionName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, functionName);
    }

    @Override
    public String toString() {
        return functionName == null ? mode : "function(" + functionName + ")";
    }
}
