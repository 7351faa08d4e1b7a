package dev.llmrouter.internal.provider.openai;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.internal.adapter.AdapterConfigs;
import dev.llmrouter.internal.adapter.Probes;
import dev.llmrouter.internal.adapter.ProviderUrls;
import dev.llmrouter.internal.http.HttpResult;
import dev.llmrouter.internal.http.HttpStream;
import dev.llmrouter.internal.http.HttpTransport;
import dev.llmrouter.internal.http.StreamFormat;
import dev.llmrouter.internal.provider.ProviderResources;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ModelInfo;
import dev.llmrouter.spi.provider.ProbeResult;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.spi.provider.ProviderStream;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Request;
import tools.jackson.databind.JsonNode;

/**
 * The adapter for Azure OpenAI ({@code type: azure}). The {@code base_url} is the resource root
 * ({@code https://NAME.openai.azure.com}; a trailing {@code /openai} is dropped); a deployment's
 * {@code model} is the Azure deployment name. Chat goes to
 * {@code {root}/openai/deployments/{model}/chat/completions?api-version={api_version}} with the key
 * in an {@code api-key} header; the body and the stream are OpenAI's. Models and the default
 * health probe: {@code GET {root}/openai/models?api-version=...}. Thread-safe; one instance per
 * configured provider.
 */
public final class AzureAdapter implements ProviderAdapter {
    private final ProviderConfig config;
    private final HttpTransport http;
    private final HttpUrl root;
    private final OpenAiRequestMapper requests;
    private final OpenAiResponseMapper responses;

    /**
     * An adapter for {@code config} over the router's shared resources.
     *
     * @throws IllegalArgumentException when the type is not {@code azure}
     * @throws dev.llmrouter.api.ConfigException when the base URL is unusable
     */
    public AzureAdapter(ProviderConfig config, ProviderResources resources) {
        this.config = AdapterConfigs.requireType(config, t -> t == ProviderType.AZURE, "Azure OpenAI");
        this.root = HttpUrl.get(ProviderUrls.root(config, "/openai"));
        this.http = new HttpTransport(config, resources);
        this.requests = new OpenAiRequestMapper(config.type(), config.name());
        this.responses = new OpenAiResponseMapper(http);
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public ProviderType type() {
        return config.type();
    }

    @Override
    public ChatResponse chat(ChatRequest request, CallContext context) {
        Request req = authorized(chatUrl(request.model())).post(HttpTransport.jsonBody(requests.body(request, false))).build();
        HttpResult result = http.executeOk(req, context);
        JsonNode root = http.json(result);
        if (root.has("error")) {
            throw http.errorInStream(root, result.requestId());
        }
        return responses.response(root, result.requestId());
    }

    @Override
    public ProviderStream stream(ChatRequest request, CallContext context) {
        Request req = authorized(chatUrl(request.model())).header("Accept", "text/event-stream")
                .post(HttpTransport.jsonBody(requests.body(request, true))).build();
        HttpStream stream = http.openStream(req, context, StreamFormat.SSE);
        return new OpenAiStream(stream, http, responses, config.maxLineBytes());
    }

    @Override
    public List<ModelInfo> listModels(CallContext context) {
        return OpenAiAdapter.models(http, http.executeOk(authorized(modelsUrl()).get().build(), context));
    }

    /** Probes the configured {@code health_path}, else the models list: healthy on a 2xx answer. */
    @Override
    public ProbeResult probe(CallContext context) {
        String url = config.healthPath().map(h -> ProviderUrls.health(config, stripSlash(root.toString()))).orElseGet(this::modelsUrl);
        return Probes.probe(http, authorized(url).get().build(), context);
    }

    String chatUrl(String deployment) {
        return root.newBuilder().addPathSegment("openai").addPathSegment("deployments").addPathSegment(deployment)
                .addPathSegment("chat").addPathSegment("completions").addQueryParameter("api-version", config.apiVersion())
                .build().toString();
    }

    private String modelsUrl() {
        return root.newBuilder().addPathSegment("openai").addPathSegment("models")
                .addQueryParameter("api-version", config.apiVersion()).build().toString();
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private Request.Builder authorized(String url) {
        return AdapterConfigs.withApiKey(http.request(url), config, "api-key", "");
    }

    @Override
    public String toString() {
        return "AzureAdapter[" + config + "]";
    }
}
