package dev.llmrouter.internal.provider.ollama;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.internal.adapter.AdapterConfigs;
import dev.llmrouter.internal.adapter.Probes;
import dev.llmrouter.internal.adapter.ProviderUrls;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import okhttp3.Request;
import tools.jackson.databind.JsonNode;

/**
 * The adapter for Ollama's native API, local or Ollama cloud ({@code https://ollama.com} with an
 * API key, sent as {@code Authorization: Bearer}). Chat goes to {@code POST /api/chat}, whole
 * ({@code stream:false}) or as an NDJSON stream; models come from {@code GET /api/tags} with the
 * loaded flag from {@code GET /api/ps}; the health probe is {@code GET /api/tags} unless the
 * provider sets another path; {@link #version} reads {@code GET /api/version}.
 *
 * <p>The base URL is the server root; a trailing {@code /}, {@code /api} or {@code /v1} (the
 * OpenAI-compatible path, often copied by mistake) is dropped. Translation rules are in
 * {@link OllamaRequestEncoder} and {@link OllamaResponseDecoder}.
 *
 * <p>Thread-safe and stateless per call: one instance serves all requests of its provider.
 */
public final class OllamaAdapter implements ProviderAdapter {
    private final ProviderConfig config;
    private final HttpTransport http;
    private final String root;
    private final OllamaRequestEncoder encoder;
    private final Endpoint chatEndpoint;

    /**
     * An adapter for {@code config} over the router's shared resources.
     *
     * @throws IllegalArgumentException when the configuration's type is not {@code ollama}
     * @throws dev.llmrouter.api.ConfigException when its base URL is not an http(s) URL
     */
    public OllamaAdapter(ProviderConfig config, ProviderResources resources) {
        this.config = AdapterConfigs.requireType(config, ProviderType.OLLAMA::equals, "Ollama");
        this.http = new HttpTransport(config, resources);
        this.root = ProviderUrls.root(config, "/api", "/v1");
        this.encoder = new OllamaRequestEncoder(config);
        this.chatEndpoint = Endpoint.of(() -> authorized(http.request(root + "/api/chat")).header("Accept", "application/json"));
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public ProviderType type() {
        return ProviderType.OLLAMA;
    }

    @Override
    public ChatResponse chat(ChatRequest request, CallContext context) {
        return chat(request, request.model(), context);
    }

    @Override
    public ChatResponse chat(ChatRequest request, String model, CallContext context) {
        Request req = chatEndpoint.post(HttpTransport.jsonBody(encoder.encode(request, model, false)));
        return http.executeOk(req, context, r -> decoder(r.requestId()).decodeWhole(http.json(r), r.requestId()));
    }

    @Override
    public ProviderStream stream(ChatRequest request, CallContext context) {
        HttpStream stream = http.openStream(post(request, true), context, StreamFormat.NDJSON);
        return new OllamaStream(stream, decoder(stream.requestId().orElse(null)));
    }

    /**
     * The models the server has pulled ({@code /api/tags}), each flagged loaded when
     * {@code /api/ps} lists it. When the server has no {@code /api/ps} (it answers an error), every
     * model counts as loaded, since it can be served. Ollama reports no context window here (0).
     *
     * @throws dev.llmrouter.api.LlmRouterException typed, when {@code /api/tags} fails
     */
    @Override
    public List<ModelInfo> listModels(CallContext context) {
        JsonNode tags = http.json(http.executeOk(get("/api/tags"), context));
        HttpResult ps = http.execute(get("/api/ps"), context);
        Set<String> loaded = ps.isSuccessful() ? names(http.json(ps)) : null;
        List<ModelInfo> models = new ArrayList<>();
        for (JsonNode m : tags.path("models")) {
            String name = modelName(m);
            if (name != null) {
                models.add(ModelInfo.builder(name).loaded(loaded == null || loaded.contains(name)).build());
            }
        }
        return models;
    }

    /**
     * Probes {@code GET /api/tags}, or the configured health path (a path or an absolute URL):
     * healthy on a 2xx answer. Never throws for a down server, only for the caller's cancellation.
     */
    @Override
    public ProbeResult probe(CallContext context) {
        return Probes.probe(http, authorized(http.request(ProviderUrls.health(config, root)).get()).build(), context);
    }

    /**
     * The server's version from {@code GET /api/version}.
     *
     * @throws dev.llmrouter.api.LlmRouterException typed, when the call fails or the answer has no version
     */
    public String version(CallContext context) {
        HttpResult r = http.executeOk(get("/api/version"), context);
        String version = Json.text(http.json(r), "version");
        if (version == null) {
            throw http.malformed("the /api/version answer has no version", r.bodyText(), r.requestId(), null);
        }
        return version;
    }

    private OllamaResponseDecoder decoder(String requestId) {
        return new OllamaResponseDecoder(config.name(), http.redactor(), line -> http.errorInStream(line, requestId));
    }

    private Request post(ChatRequest request, boolean stream) {
        return authorized(http.request(root + "/api/chat").post(HttpTransport.jsonBody(encoder.encode(request, stream))))
                .header("Accept", stream ? "application/x-ndjson" : "application/json").build();
    }

    private Request get(String path) {
        return authorized(http.request(root + path).get()).build();
    }

    /** Adds the bearer key unless the configuration already sets its own {@code Authorization} header. */
    private Request.Builder authorized(Request.Builder b) {
        return AdapterConfigs.withApiKey(b, config, "Authorization", "Bearer ");
    }

    private static Set<String> names(JsonNode ps) {
        Set<String> names = new HashSet<>();
        for (JsonNode m : ps.path("models")) {
            String name = modelName(m);
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }

    private static String modelName(JsonNode m) {
        String name = Json.text(m, "name");
        return name != null ? name : Json.text(m, "model");
    }

    @Override
    public String toString() {
        return "OllamaAdapter[" + config.name() + ", " + root + "]";
    }
}
