package dev.llmrouter.internal.provider.openai;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.internal.adapter.AdapterConfigs;
import dev.llmrouter.internal.adapter.Probes;
import dev.llmrouter.internal.http.Endpoint;
import dev.llmrouter.internal.http.HttpResult;
import dev.llmrouter.internal.http.HttpStream;
import dev.llmrouter.internal.http.HttpTransport;
import dev.llmrouter.internal.http.Json;
import dev.llmrouter.internal.http.StreamFormat;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ModelInfo;
import dev.llmrouter.spi.provider.ProbeResult;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.internal.provider.ProviderResources;
import dev.llmrouter.spi.provider.ProviderStream;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Request;
import tools.jackson.databind.JsonNode;

/**
 * The adapter for servers that speak OpenAI's chat completions: {@code openai}, {@code vllm},
 * {@code llama_cpp}, {@code deepseek}, {@code openai_compatible} (which also covers Ollama's
 * {@code /v1}) and {@code azure}. URLs and the key's header follow {@link OpenAiEndpoints}; the
 * request body follows {@link OpenAiRequestMapper}; streams are read by {@link OpenAiStream}. Sends
 * the key when one is configured ({@code Authorization: Bearer <key>}, or Azure's {@code api-key},
 * unless a configured header already sets that header) and every configured extra header.
 *
 * <p>Probes: vLLM and llama.cpp {@code GET /health} (llama.cpp answers 503 {@code Loading model}
 * while loading: reachable, not healthy); the others {@code GET .../models}. The configured
 * {@code health_path} overrides.
 *
 * <p>Thread-safe and stateless per request; one instance per configured provider.
 */
public final class OpenAiAdapter implements ProviderAdapter {
    private final ProviderConfig config;
    private final HttpTransport http;
    private final OpenAiEndpoints endpoints;
    private final OpenAiRequestMapper requests;
    private final OpenAiResponseMapper responses;
    /** The chat endpoint, when it is the same for every model (all types but {@code azure}). */
    private final Endpoint chat;
    /** Azure's chat endpoints by deployment name, parsed once each; at most {@link #MAX_CACHED_ENDPOINTS}. */
    private final Map<String, Endpoint> chatByModel = new ConcurrentHashMap<>();

    /** Bounds the per-model cache: wildcard routes can send any model name. */
    private static final int MAX_CACHED_ENDPOINTS = 1_024;

    /**
     * An adapter for {@code config} over the router's shared resources.
     *
     * @throws IllegalArgumentException when the type is not of the OpenAI family
     * @throws dev.llmrouter.api.ConfigException when the base URL is unusable
     */
    public OpenAiAdapter(ProviderConfig config, ProviderResources resources) {
        this.config = AdapterConfigs.requireType(config, t -> t.isOpenAiFamily() || t == ProviderType.AZURE, "OpenAI");
        this.http = new HttpTransport(config, resources);
        this.endpoints = OpenAiEndpoints.of(config);
        this.requests = new OpenAiRequestMapper(config.type(), config.name());
        this.responses = new OpenAiResponseMapper(http);
        this.chat = endpoints.chatPerModel() ? null : Endpoint.of(() -> authorized(endpoints.chat(null)));
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
        return chat(request, request.model(), context);
    }

    /**
     * The answer is read straight from the body's bytes in its usual shape ({@link OpenAiChatReader});
     * any other shape, and every failure, through the tree ({@link OpenAiResponseMapper}).
     */
    @Override
    public ChatResponse chat(ChatRequest request, String model, CallContext context) {
        Request req = chatEndpoint(model).post(requests.requestBody(request, model, false));
        return http.executeOk(req, context, this::answer);
    }

    private ChatResponse answer(HttpResult result) {
        ChatResponse usual = OpenAiChatReader.read(result);
        if (usual != null) {
            return usual;
        }
        JsonNode root = http.json(result);
        if (root.has("error")) {
            // some compatible servers report failures inside a 200
            throw http.errorInStream(root, result.requestId());
        }
        return responses.response(root, result.requestId());
    }

    @Override
    public ProviderStream stream(ChatRequest request, CallContext context) {
        Request req = authorized(endpoints.chat(request.model())).header("Accept", "text/event-stream")
                .post(HttpTransport.jsonBody(requests.body(request, true))).build();
        HttpStream stream = http.openStream(req, context, StreamFormat.SSE);
        return new OpenAiStream(stream, http, responses, config.maxLineBytes());
    }

    @Override
    public List<ModelInfo> listModels(CallContext context) {
        return models(http, http.executeOk(authorized(endpoints.models()).get().build(), context));
    }

    private Endpoint chatEndpoint(String model) {
        if (chat != null) {
            return chat;
        }
        Endpoint e = chatByModel.get(model);
        if (e == null) {
            e = Endpoint.of(() -> authorized(endpoints.chat(model)));
            if (chatByModel.size() < MAX_CACHED_ENDPOINTS) {
                chatByModel.putIfAbsent(model, e);
            }
        }
        return e;
    }

    /** The models of an OpenAI-style {@code {"data": [{"id": ...}]}} list. */
    private static List<ModelInfo> models(HttpTransport http, HttpResult result) {
        JsonNode data = http.json(result).get("data");
        if (data == null || !data.isArray()) {
            throw http.malformed("the models list has no data array", result.bodyText(), result.requestId(), null);
        }
        List<ModelInfo> models = new ArrayList<>();
        for (JsonNode m : data) {
            String id = Json.text(m, "id");
            if (id != null) {
                long window = Json.longValue(m, "max_model_len", Json.longValue(m, "context_length", 0));
                models.add(ModelInfo.builder(id).contextWindow(Math.max(0, window)).build());
            }
        }
        return List.copyOf(models);
    }

    /**
     * Probes the health URL of {@link OpenAiEndpoints}: healthy on a 2xx answer. Never throws for a
     * down server, only for the caller's cancellation.
     */
    @Override
    public ProbeResult probe(CallContext context) {
        return Probes.probe(http, authorized(endpoints.health()).get().build(), context);
    }

    private Request.Builder authorized(String url) {
        return AdapterConfigs.withApiKey(http.request(url), config, endpoints.keyHeader(), endpoints.keyPrefix());
    }

    @Override
    public String toString() {
        return "OpenAiAdapter[" + config + "]";
    }
}
