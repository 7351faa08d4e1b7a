package dev.llmrouter.langchain4j;

import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.RequestOptions;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the builders of {@link LlmRouterChatModel} and {@link LlmRouterStreamingChatModel} share.
 * Required: {@link #router} and a default model ({@link #defaultModel}, or a model name in
 * {@link #defaultRequestParameters}). Defaults: no default parameters, no listeners,
 * {@link RequestOptions#DEFAULTS}, capabilities {@link Capability#RESPONSE_FORMAT_JSON_SCHEMA}.
 * Not thread-safe.
 *
 * @param <B> the concrete builder
 */
public abstract class LlmRouterModelBuilder<B extends LlmRouterModelBuilder<B>> {
    private LlmRouter router;
    private String defaultModel;
    private ChatRequestParameters defaultRequestParameters = DefaultChatRequestParameters.EMPTY;
    private RequestOptions requestOptions = RequestOptions.DEFAULTS;
    private List<ChatModelListener> listeners = List.of();
    private Set<Capability> capabilities = Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);

    /** For the two models' builders. */
    LlmRouterModelBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** The router to send requests through (required). The model does not close it. */
    public B router(LlmRouter router) {
        this.router = Objects.requireNonNull(router, "router");
        return self();
    }

    /**
     * The model group or alias used when a request names no model (required unless
     * {@link #defaultRequestParameters} carries a model name). A request's {@code modelName}
     * parameter picks another group or alias.
     */
    public B defaultModel(String groupOrAlias) {
        this.defaultModel = groupOrAlias;
        return self();
    }

    /**
     * Parameters applied under every request's own (temperature, max output tokens, tools, ...), as
     * on any LangChain4j model. A model name here is overridden by {@link #defaultModel} when both are set.
     */
    public B defaultRequestParameters(ChatRequestParameters parameters) {
        this.defaultRequestParameters = Objects.requireNonNull(parameters, "parameters");
        return self();
    }

    /**
     * llmrouter's per-request options for every call of this model: timeouts, retries, fallback
     * chain override, cache control, deployment tags, metadata for the router's listeners.
     */
    public B requestOptions(RequestOptions options) {
        this.requestOptions = Objects.requireNonNull(options, "options");
        return self();
    }

    /** LangChain4j listeners, called once per call (see the model's class comment). */
    public B listeners(List<ChatModelListener> listeners) {
        this.listeners = List.copyOf(listeners);
        return self();
    }

    /**
     * What the model tells LangChain4j it supports. The default, JSON schema response format, makes
     * AI Services ask for structured output with a schema; remove it when the groups used route to
     * servers that ignore schemas.
     */
    public B supportedCapabilities(Set<Capability> capabilities) {
        this.capabilities = Set.copyOf(capabilities);
        return self();
    }

    /**
     * The settings, validated.
     *
     * @throws IllegalStateException naming what is missing
     */
    ModelSettings settings(String modelKind) {
        if (router == null) {
            throw new IllegalStateException(modelKind + ": router(LlmRouter) is required");
        }
        ChatRequestParameters defaults = defaultRequestParameters;
        if (defaultModel != null && !defaultModel.isBlank()) {
            defaults = defaults.overrideWith(ChatRequestParameters.builder().modelName(defaultModel).build());
        }
        if (defaults.modelName() == null || defaults.modelName().isBlank()) {
            throw new IllegalStateException(modelKind + ": a default model is required: defaultModel(\"group or alias\")");
        }
        return new ModelSettings(router, defaults, requestOptions, listeners, capabilities);
    }
}
