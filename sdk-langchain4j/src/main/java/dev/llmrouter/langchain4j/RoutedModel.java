package dev.llmrouter.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import java.util.List;
import java.util.Set;

/**
 * What {@link LlmRouterChatModel} and {@link LlmRouterStreamingChatModel} answer alike about
 * themselves; their public methods implement the LangChain4j interfaces of both. Thread-safe.
 */
abstract class RoutedModel {
    final ModelSettings settings;

    RoutedModel(ModelSettings settings) {
        this.settings = settings;
    }

    /** The default parameters; their model name is the default model group. */
    public ChatRequestParameters defaultRequestParameters() {
        return settings.defaults();
    }

    /** The listeners, called once per call. */
    public List<ChatModelListener> listeners() {
        return settings.listeners();
    }

    /** {@link ModelProvider#OTHER}: the provider differs per call; listeners get the one that answered. */
    public ModelProvider provider() {
        return ModelProvider.OTHER;
    }

    /** What the model was built to announce (by default JSON schema response formats). */
    public Set<Capability> supportedCapabilities() {
        return settings.capabilities();
    }
}
