package dev.llmrouter.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.Map;

/**
 * A LangChain4j {@link ChatModel} backed by an {@link dev.llmrouter.LlmRouter}: every call is routed
 * to a deployment of a model group, with the router's retries, fallback chains, deadlines, circuit
 * breakers and rate limits. Use it wherever LangChain4j takes a {@code ChatModel} (AI Services,
 * tools, memory, RAG):
 *
 * <pre>{@code
 * ChatModel model = LlmRouterChatModel.builder().router(router).defaultModel("coder").build();
 * }</pre>
 *
 * <p>A request's {@code modelName} parameter names another model group or alias. Responses carry
 * {@link LlmRouterChatResponseMetadata} (the route: deployment, attempts, fallbacks).
 *
 * <p><b>Failures</b> are llmrouter's typed, unchecked exceptions, unwrapped: subclasses of
 * {@link dev.llmrouter.api.LlmRouterException} ({@code ProviderUnavailableException},
 * {@code RateLimitExceededException}, {@code NoDeploymentAvailableException}, timeouts, ...), each
 * with its route. What llmrouter's request cannot carry ({@code topK}; audio, video, PDF content)
 * fails before routing with LangChain4j's {@link dev.langchain4j.exception.UnsupportedFeatureException};
 * values llmrouter rejects (a temperature above 2, more than 4 stop sequences) with
 * {@link IllegalArgumentException}.
 *
 * <p><b>Listeners</b> are called once per call: {@code onRequest} before routing (its
 * {@code modelProvider} is {@link ModelProvider#OTHER}: no deployment is chosen yet), then
 * {@code onResponse} or {@code onError} with the {@code modelProvider} of the deployment that
 * answered (or whose attempt failed last) and, on a response, that deployment's model name.
 * Retries and fallbacks inside the router do not call them again; they are in the route.
 *
 * <p>Thread-safe; the router behind it is shared, not closed by the model.
 */
public final class LlmRouterChatModel extends RoutedModel implements ChatModel {

    private LlmRouterChatModel(ModelSettings settings) {
        super(settings);
    }

    /** A builder; {@code router} and {@code defaultModel} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * LangChain4j's {@code chat} with the default parameters applied, calling the listeners once
     * with the provider that answered (overridden for that: the default method would report the
     * model's fixed {@link #provider()}).
     */
    @Override
    public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
        ChatRequest full = settings.withDefaults(request);
        Map<Object, Object> attributes = ModelSettings.attributes(options);
        settings.onRequest(full, attributes);
        try {
            ChatResponse response = doChat(full);
            settings.onResponse(response, full, attributes);
            return response;
        } catch (RuntimeException e) {
            settings.onError(e, full, attributes);
            throw e;
        }
    }

    /** One routed call, without listeners: maps the request, calls {@code router.chat}, maps the response. */
    @Override
    public ChatResponse doChat(ChatRequest request) {
        return ResponseMapping.toLangChain4j(settings.router().chat(settings.toRouter(request)));
    }

    /** Builds an {@link LlmRouterChatModel}; see {@link LlmRouterModelBuilder}. Not thread-safe. */
    public static final class Builder extends LlmRouterModelBuilder<Builder> {
        private Builder() {
        }

        /**
         * The model.
         *
         * @throws IllegalStateException when the router or the default model is missing
         */
        public LlmRouterChatModel build() {
            return new LlmRouterChatModel(settings("LlmRouterChatModel"));
        }
    }
}
