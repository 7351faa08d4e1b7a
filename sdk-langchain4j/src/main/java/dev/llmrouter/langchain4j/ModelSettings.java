package dev.llmrouter.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.RouterHealth;
import dev.llmrouter.api.RequestOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both models are made of: the router, the default parameters (whose model name is the
 * default model group), the per-request llmrouter options, the listeners and the capabilities;
 * and the listener calls both make. Immutable and thread-safe.
 */
final class ModelSettings {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSettings.class);

    private final LlmRouter router;
    private final ChatRequestParameters defaults;
    private final RequestOptions options;
    private final List<ChatModelListener> listeners;
    private final Set<Capability> capabilities;
    private final Map<String, ModelProvider> providers;

    ModelSettings(LlmRouter router, ChatRequestParameters defaults, RequestOptions options, List<ChatModelListener> listeners,
                  Set<Capability> capabilities) {
        this.router = router;
        this.defaults = defaults;
        this.options = options;
        this.listeners = List.copyOf(listeners);
        this.capabilities = Set.copyOf(capabilities);
        // providers are fixed for a router's life: read their types once, without probing
        Map<String, ModelProvider> types = new HashMap<>();
        for (RouterHealth.ProviderHealth p : router.healthSnapshot().providers()) {
            types.put(p.name(), ResponseMapping.modelProvider(p.type()));
        }
        this.providers = Map.copyOf(types);
    }

    LlmRouter router() {
        return router;
    }

    ChatRequestParameters defaults() {
        return defaults;
    }

    List<ChatModelListener> listeners() {
        return listeners;
    }

    Set<Capability> capabilities() {
        return capabilities;
    }

    /** llmrouter's request for a LangChain4j request; its model name, else the default group. */
    dev.llmrouter.api.ChatRequest toRouter(ChatRequest request) {
        return RequestMapping.toRouter(request, defaults.modelName(), options);
    }

    /** The request with the default parameters under its own, as LangChain4j's default {@code chat} builds it. */
    ChatRequest withDefaults(ChatRequest request) {
        return ChatRequest.builder().messages(request.messages())
                .parameters(defaults.overrideWith(request.parameters())).build();
    }

    /** The listener attributes of one call: a mutable copy of the caller's. */
    static Map<Object, Object> attributes(ChatRequestOptions options) {
        return new ConcurrentHashMap<>(options == null ? Map.of() : options.listenerAttributes());
    }

    /** LangChain4j's kind of the named provider; {@link ModelProvider#OTHER} when unknown or null. */
    ModelProvider provider(String name) {
        return name == null ? ModelProvider.OTHER : providers.getOrDefault(name, ModelProvider.OTHER);
    }

    void onRequest(ChatRequest request, Map<Object, Object> attributes) {
        // routing has not happened yet: the provider is not known
        ChatModelRequestContext context = new ChatModelRequestContext(request, ModelProvider.OTHER, attributes);
        each(l -> l.onRequest(context));
    }

    void onResponse(ChatResponse response, ChatRequest request, Map<Object, Object> attributes) {
        ChatModelResponseContext context = new ChatModelResponseContext(response, request,
                provider(ResponseMapping.answeringProvider(response)), attributes);
        each(l -> l.onResponse(context));
    }

    void onError(Throwable error, ChatRequest request, Map<Object, Object> attributes) {
        ChatModelErrorContext context = new ChatModelErrorContext(error, request,
                provider(ResponseMapping.failingProvider(error)), attributes);
        each(l -> l.onError(context));
    }

    private void each(Consumer<ChatModelListener> call) {
        for (ChatModelListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                // as in LangChain4j's own models: a listener never changes the call's outcome
                LOG.warn("a ChatModelListener ({}) failed; ignored", l.getClass().getName(), e);
            }
        }
    }
}
