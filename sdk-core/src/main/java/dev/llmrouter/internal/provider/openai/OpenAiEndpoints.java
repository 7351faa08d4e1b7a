package dev.llmrouter.internal.provider.openai;

import dev.llmrouter.api.ConfigException;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.internal.adapter.ProviderUrls;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * The URLs of one OpenAI-wire provider and how its requests carry the key, derived from its
 * {@code base_url} by the rules of DESIGN section 5. {@code openai}, {@code vllm} and
 * {@code llama_cpp} accept the server root with or without a trailing {@code /v1} and add it when
 * missing; {@code deepseek} and {@code openai_compatible} use the base exactly as given (DeepSeek
 * serves both with and without {@code /v1}). Trailing slashes are dropped. Health paths
 * ({@link ProviderType#healthPath()} or the configured {@code health_path}, which may also be an
 * absolute URL) are resolved against the server root: the base without its {@code /v1} for the
 * first three types, the base itself for the others. These send {@code Authorization: Bearer <key>}.
 *
 * <p>{@code azure}: the base is the resource root ({@code https://NAME.openai.azure.com}; a trailing
 * {@code /openai} is dropped) and a deployment's {@code model} is the Azure deployment name, so the
 * chat URL depends on the model: {@code {root}/openai/deployments/{model}/chat/completions?api-version=...}
 * ({@link #chat(String)}). Models, and the health probe unless {@code health_path} is set:
 * {@code {root}/openai/models?api-version=...}. The key goes in an {@code api-key} header.
 *
 * <p>{@link ProviderUrls} checks the base and resolves the health path. Immutable and thread-safe.
 *
 * @param root the server root used for health paths
 * @param chat the chat completions URL; null for {@code azure}, whose URL is per model
 * @param models the models URL
 * @param health the health probe URL
 * @param apiVersion Azure's {@code api-version}; null for the other types
 * @param keyHeader the header that carries the key
 * @param keyPrefix what goes before the key in that header
 */
record OpenAiEndpoints(String root, String chat, String models, String health, String apiVersion, String keyHeader,
                       String keyPrefix) {

    /**
     * The endpoints of {@code config}.
     *
     * @throws ConfigException when the base URL is missing or not an http(s) URL, or when a cloud
     *         type is given plain http without {@code allow_insecure_http}
     */
    static OpenAiEndpoints of(ProviderConfig config) {
        ProviderType type = config.type();
        if (type == ProviderType.AZURE) {
            String root = ProviderUrls.root(config, "/openai");
            String models = HttpUrl.get(root).newBuilder().addPathSegment("openai").addPathSegment("models")
                    .addQueryParameter("api-version", config.apiVersion()).build().toString();
            String health = config.healthPath().isPresent() ? ProviderUrls.health(config, root) : models;
            return new OpenAiEndpoints(root, null, models, health, config.apiVersion(), "api-key", "");
        }
        String base = ProviderUrls.root(config);
        boolean addsV1 = type == ProviderType.OPENAI || type == ProviderType.VLLM || type == ProviderType.LLAMA_CPP;
        String api = base;
        String root = base;
        if (addsV1) {
            if (base.toLowerCase(Locale.ROOT).endsWith("/v1")) {
                root = base.substring(0, base.length() - 3);
            } else {
                api = base + "/v1";
            }
        }
        return new OpenAiEndpoints(root, api + "/chat/completions", api + "/models", ProviderUrls.health(config, root),
                null, "Authorization", "Bearer ");
    }

    /** True when the chat URL depends on the model ({@code azure}). */
    boolean chatPerModel() {
        return chat == null;
    }

    /** The chat completions URL for {@code model} (the Azure deployment name; ignored by the other types). */
    String chat(String model) {
        if (chat != null) {
            return chat;
        }
        return HttpUrl.get(root).newBuilder().addPathSegment("openai").addPathSegment("deployments").addPathSegment(model)
                .addPathSegment("chat").addPathSegment("completions").addQueryParameter("api-version", apiVersion)
                .build().toString();
    }
}
