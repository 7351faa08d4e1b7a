package dev.llmrouter.spi.provider;

import java.util.Objects;

/**
 * A model a server reports it serves. Immutable and thread-safe; provider adapters build it with
 * {@link #builder(String)}. A class rather than a record so that new fields (limits, capabilities)
 * can be added without breaking adapters.
 */
public final class ModelInfo {
    private final String id;
    private final long contextWindow;
    private final boolean loaded;

    private ModelInfo(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.contextWindow = b.contextWindow;
        this.loaded = b.loaded;
    }

    /** A builder for model {@code id}: context window unknown (0), loaded. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** A builder holding this model's values. */
    public Builder toBuilder() {
        return new Builder(id).contextWindow(contextWindow).loaded(loaded);
    }

    /** The model name as the server knows it. */
    public String id() {
        return id;
    }

    /**
     * The context length in tokens when the server tells it (vLLM {@code max_model_len}, Anthropic
     * {@code max_input_tokens}), else 0.
     */
    public long contextWindow() {
        return contextWindow;
    }

    /**
     * True when the server says the model is in memory now (Ollama {@code /api/ps}); true for servers
     * that only list what they serve.
     */
    public boolean loaded() {
        return loaded;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelInfo m && m.id.equals(id) && m.contextWindow == contextWindow && m.loaded == loaded;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, contextWindow, loaded);
    }

    @Override
    public String toString() {
        return "ModelInfo[id=" + id + ", contextWindow=" + contextWindow + ", loaded=" + loaded + "]";
    }

    /** Builds a {@link ModelInfo}. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private long contextWindow;
        private boolean loaded = true;

        private Builder(String id) {
            this.id = id;
        }

        /** The context length in tokens (default 0: unknown). */
        public Builder contextWindow(long contextWindow) {
            this.contextWindow = contextWindow;
            return this;
        }

        /** Whether the model is in memory now (default true). */
        public Builder loaded(boolean loaded) {
            this.loaded = loaded;
            return this;
        }

        /** @throws NullPointerException when the id is null */
        public ModelInfo build() {
            return new ModelInfo(this);
        }
    }
}
