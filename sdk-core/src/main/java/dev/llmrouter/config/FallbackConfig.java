package dev.llmrouter.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The fallback chains, by kind (DESIGN section 4.6): each maps a model group to the groups tried
 * after it, in order. Build one with {@link #builder()} (or through {@link RouterConfig.Builder});
 * a new kind of chain adds a builder method and an accessor. Immutable and thread-safe.
 */
public final class FallbackConfig {
    /** No fallbacks. */
    public static final FallbackConfig NONE = builder().build();

    private final Map<String, List<String>> general;
    private final Map<String, List<String>> contextWindow;
    private final Map<String, List<String>> contentPolicy;
    private final List<String> defaults;

    private FallbackConfig(Builder b) {
        general = copy(b.general);
        contextWindow = copy(b.contextWindow);
        contentPolicy = copy(b.contentPolicy);
        defaults = List.copyOf(b.defaults);
    }

    /** An empty builder (no chains). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these chains. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.general.putAll(general);
        b.contextWindow.putAll(contextWindow);
        b.contentPolicy.putAll(contentPolicy);
        b.defaults = defaults;
        return b;
    }

    /** {@code fallbacks}: group to the groups tried after any failure left after retries (empty by default). */
    public Map<String, List<String>> general() {
        return general;
    }

    /** {@code context_window_fallbacks}: tried when the request is too long for the group (empty by default). */
    public Map<String, List<String>> contextWindow() {
        return contextWindow;
    }

    /** {@code content_policy_fallbacks}: tried when the provider refused the content (empty by default). */
    public Map<String, List<String>> contentPolicy() {
        return contentPolicy;
    }

    /** {@code default_fallbacks}: tried for any group without its own general chain (empty by default). */
    public List<String> defaults() {
        return defaults;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FallbackConfig f && general.equals(f.general) && contextWindow.equals(f.contextWindow)
                && contentPolicy.equals(f.contentPolicy) && defaults.equals(f.defaults);
    }

    @Override
    public int hashCode() {
        return Objects.hash(general, contextWindow, contentPolicy, defaults);
    }

    @Override
    public String toString() {
        return "FallbackConfig[general=" + general + ", contextWindow=" + contextWindow + ", contentPolicy="
                + contentPolicy + ", defaults=" + defaults + "]";
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> m) {
        LinkedHashMap<String, List<String>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(Objects.requireNonNull(k, "model group"), List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    /** Builds a {@link FallbackConfig}; setting a group's chain again replaces it. Not thread-safe. */
    public static final class Builder {
        private final Map<String, List<String>> general = new LinkedHashMap<>();
        private final Map<String, List<String>> contextWindow = new LinkedHashMap<>();
        private final Map<String, List<String>> contentPolicy = new LinkedHashMap<>();
        private List<String> defaults = List.of();

        private Builder() {
        }

        /** Sets the {@code fallbacks} chain of one group. */
        public Builder general(String group, List<String> targets) {
            general.put(group, List.copyOf(targets));
            return this;
        }

        /** Replaces every {@code fallbacks} chain. */
        public Builder general(Map<String, List<String>> chains) {
            general.clear();
            chains.forEach(this::general);
            return this;
        }

        /** Sets the {@code context_window_fallbacks} chain of one group. */
        public Builder contextWindow(String group, List<String> targets) {
            contextWindow.put(group, List.copyOf(targets));
            return this;
        }

        /** Replaces every {@code context_window_fallbacks} chain. */
        public Builder contextWindow(Map<String, List<String>> chains) {
            contextWindow.clear();
            chains.forEach(this::contextWindow);
            return this;
        }

        /** Sets the {@code content_policy_fallbacks} chain of one group. */
        public Builder contentPolicy(String group, List<String> targets) {
            contentPolicy.put(group, List.copyOf(targets));
            return this;
        }

        /** Replaces every {@code content_policy_fallbacks} chain. */
        public Builder contentPolicy(Map<String, List<String>> chains) {
            contentPolicy.clear();
            chains.forEach(this::contentPolicy);
            return this;
        }

        /** Sets {@code default_fallbacks}. */
        public Builder defaults(List<String> targets) {
            defaults = List.copyOf(targets);
            return this;
        }

        /** The immutable chains. */
        public FallbackConfig build() {
            return new FallbackConfig(this);
        }
    }
}
