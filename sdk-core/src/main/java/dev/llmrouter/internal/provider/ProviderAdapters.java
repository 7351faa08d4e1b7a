package dev.llmrouter.internal.provider;

import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.internal.provider.anthropic.AnthropicAdapter;
import dev.llmrouter.internal.provider.ollama.OllamaAdapter;
import dev.llmrouter.internal.provider.openai.OpenAiAdapter;
import dev.llmrouter.internal.provider.mock.MockAdapter;
import java.util.Objects;

/**
 * Creates the adapter for a configured provider, by its type. Stateless and thread-safe.
 */
public final class ProviderAdapters {
    private ProviderAdapters() {
    }

    /**
     * The adapter for {@code config}, sharing the router's {@code resources}.
     *
     * @throws IllegalArgumentException when this build has no adapter for the type
     * @throws dev.llmrouter.api.ConfigException when the provider's settings cannot work (a bad base URL)
     */
    public static ProviderAdapter create(ProviderConfig config, ProviderResources resources) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(resources, "resources");
        return switch (config.type()) {
            case OPENAI, VLLM, LLAMA_CPP, DEEPSEEK, OPENAI_COMPATIBLE, AZURE -> new OpenAiAdapter(config, resources);
            case OLLAMA -> new OllamaAdapter(config, resources);
            case ANTHROPIC -> new AnthropicAdapter(config, resources);
            case MOCK -> new MockAdapter(config, resources);
            case CUSTOM -> throw new IllegalArgumentException("type custom has no built-in adapter");
        };
    }
}
