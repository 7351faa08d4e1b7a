package dev.llmrouter.internal.provider.openai;

import dev.llmrouter.api.ConfigException;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.internal.adapter.ProviderUrls;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.Locale;

/**
 * The URLs of one OpenAI-family provider, derived from its {@code base_url} by the rules of DESIGN
 * section 5. {@code openai}, {@code vllm} and {@code llama_cpp} accept the server root with or
 * without a trailing {@code /v1} and add it when missing; {@code deepseek} and
 * {@code openai_compatible} use the base exactly as given (DeepSeek serves both with and without
 * {@code /v1}). Trailing slashes are dropped. Health paths ({@link ProviderType#healthPath()} or
 * the configured {@code health_path}, which may also be an absolute URL) are resolved against the
 * server root: the base without its {@code /v1} for the first three types, the base itself for the
 * others. {@link ProviderUrls} checks the base and resolves the health path. Immutable and thread-safe.
 *
 * @param api the base of the API paths ({@code .../v1} or the base as given)
 * @param root the server root used for health paths
 * @param chat the chat completions URL
 * @param models the models URL
 * @param health the health probe URL
 */
record OpenAiEndpoints(String api, String root, String chat, String models, String health) {

    /**
     * The endpoints of {@code config}.
     *
     * @throws ConfigException when the base URL is missing or not an http(s) URL, or when a cloud
     *         type is given plain http without {@code allow_insecure_http}
     */
    static OpenAiEndpoints of(ProviderConfig config) {
        ProviderType type = config.type();
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
        return new OpenAiEndpoints(api, root, api + "/chat/completions", api + "/models", ProviderUrls.health(config, root));
    }
}
