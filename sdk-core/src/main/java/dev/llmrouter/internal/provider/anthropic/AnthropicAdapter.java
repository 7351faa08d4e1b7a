package dev.llmrouter.internal.provider.anthropic;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.internal.adapter.AdapterConfigs;
import dev.llmrouter.internal.adapter.Probes;
import dev.llmrouter.internal.adapter.ProviderUrls;
import dev.llmrouter.internal.adapter.WireJson;
import dev.llmrouter.internal.http.Endpoint;
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
import okhttp3.HttpUrl;
import okhttp3.Request;
import tools.jackson.databind.JsonNode;

/**
 * The adapter for Anthropic's Messages API: {@code POST /v1/messages}, whole or as named SSE
 * events; models from {@code GET /v1/models} (all pages; {@code max_input_tokens} as the context
 * window); the health probe is {@code GET /v1/models} unless the provider sets another path.
 * Every call sends {@code x-api-key}, {@code anthropic-version} (from the configuration) and a JSON
 * content type; the {@code request-id} header becomes the provider request id.
 *
 * <p>The base URL is the host root ({@code https://api.anthropic.com}); a trailing {@code /v1} is
 * tolerated. Translation rules are in {@link AnthropicRequestEncoder}, {@link AnthropicResponseDecoder}
 * and {@link AnthropicStreamDecoder}; HTTP errors are classified by their {@code error.type} and status.
 *
 * <p>Thread-safe and stateless per call: one instance serves all requests of its provider.
 */
public final class AnthropicAdapter implements ProviderAdapter {
    /** Pages of {@code /v1/models} read at most, so a server that always says {@code has_more} cannot loop us forever. */
    private static final int MAX_MODEL_PAGES = 50;

    private final ProviderConfig config;
    private final HttpTransport http;
    private final String root;
    private final AnthropicRequestEncoder encoder;
    private final Endpoint messages;

    /**
     * An adapter for {@code config} over the router's shared resources.
     *
     * @throws IllegalArgumentException when the configuration's type is not {@code anthropic}
     * @throws dev.llmrouter.api.ConfigException when its base URL is not an http(s) URL, or is plain http
     *         without {@code allow_insecure_http}
     */
    public AnthropicAdapter(ProviderConfig config, ProviderResources resources) {
        this.config = AdapterConfigs.requireType(config, ProviderType.ANTHROPIC::equals, "Anthropic");
        this.http = new HttpTransport(config, resources);
        this.root = ProviderUrls.root(config, "/v1");
        this.encoder = new AnthropicRequestEncoder(config);
        this.messages = Endpoint.of(() -> headers(http.request(root + "/v1/messages")).header("Accept", "application/json"));
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public ProviderType type() {
        return ProviderType.ANTHROPIC;
    }

    @Override
    public ChatResponse chat(ChatRequest request, CallContext context) {
        return chat(request, request.model(), context);
    }

    @Override
    public ChatResponse chat(ChatRequest request, String model, CallContext context) {
        Request req = messages.post(HttpTransport.jsonBody(encoder.encode(request, model, false)));
        return http.executeOk(req, context, r -> new AnthropicResponseDecoder(config.name(), http.redactor(),
                e -> http.errorInStream(e, r.requestId())).decode(http.json(r), r.requestId()));
    }

    @Override
    public ProviderStream stream(ChatRequest request, CallContext context) {
        HttpStream stream = http.openStream(post(request, true), context, StreamFormat.SSE);
        String requestId = stream.requestId().orElse(null);
        return new AnthropicStream(stream, config.maxLineBytes(),
                new AnthropicStreamDecoder(config.name(), http.redactor(), requestId, e -> http.errorInStream(e, requestId)));
    }

    /**
     * Every model the account offers, following {@code has_more}/{@code last_id} pages.
     *
     * @throws dev.llmrouter.api.LlmRouterException typed, when a page fails
     */
    @Override
    public List<ModelInfo> listModels(CallContext context) {
        List<ModelInfo> models = new ArrayList<>();
        String after = null;
        for (int page = 0; page < MAX_MODEL_PAGES; page++) {
            HttpUrl.Builder url = HttpUrl.get(root + "/v1/models").newBuilder().addQueryParameter("limit", "1000");
            if (after != null) {
                url.addQueryParameter("after_id", after);
            }
            JsonNode body = http.json(http.executeOk(headers(http.request(url.build().toString()).get()).build(), context));
            for (JsonNode m : body.path("data")) {
                String id = Json.text(m, "id");
                if (id != null) {
                    models.add(ModelInfo.builder(id).contextWindow(WireJson.count(m, "max_input_tokens")).build());
                }
            }
            after = Json.text(body, "last_id");
            if (!body.path("has_more").asBoolean(false) || after == null) {
                break;
            }
        }
        return models;
    }

    /**
     * Probes {@code GET /v1/models}, or the configured health path (a path or an absolute URL):
     * healthy on a 2xx answer. Never throws for a down server, only for the caller's cancellation.
     */
    @Override
    public ProbeResult probe(CallContext context) {
        return Probes.probe(http, headers(http.request(ProviderUrls.health(config, root)).get()).build(), context);
    }

    private Request post(ChatRequest request, boolean stream) {
        return headers(http.request(root + "/v1/messages").post(HttpTransport.jsonBody(encoder.encode(request, stream))))
                .header("Accept", stream ? "text/event-stream" : "application/json").build();
    }

    /** Adds the key and the API version, unless the configuration already sets its own {@code x-api-key}. */
    private Request.Builder headers(Request.Builder b) {
        return AdapterConfigs.withApiKey(b, config, "x-api-key", "").header("anthropic-version", config.anthropicVersion());
    }

    @Override
    public String toString() {
        return "AnthropicAdapter[" + config.name() + ", " + root + "]";
    }
}
