package dev.llmrouter.spi.provider;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A model a server reports it serves. Immutable and thread-safe.
 *
 * @param id the model name as the server knows it
 * @param contextWindow the context length in tokens when the server tells it (vLLM
 *        {@code max_model_len}, Anthropic {@code max_input_tokens}), else 0
 * @param loaded true when the server says the model is in memory now (Ollama {@code /api/ps});
 *        true for servers that only list what they serve
 */
public record ModelInfo(String id, long contextWindow, boolean loaded) {
    /** @throws NullPointerException when the id is null */
    public ModelInfo {
        Objects.requireNonNull(id, "id");
    }
}
