package dev.llmrouter.spring.observation;

import dev.llmrouter.spi.provider.ProviderType;
import dev.llmrouter.spi.routing.Deployment;
import io.micrometer.common.KeyValues;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * The OpenTelemetry GenAI semantic-convention attributes (v1.41.0) of a deployment, shared by the
 * observations and the meters so both tag alike. Only values bounded by the configuration are used
 * (provider types, provider-side model names, server hosts), so meters stay low-cardinality.
 * Thread-safe (static helpers).
 */
public final class GenAiTags {
    /** {@code gen_ai.operation.name}; llmrouter performs chat completions only. */
    public static final String OPERATION_NAME = "gen_ai.operation.name";
    /** {@code gen_ai.provider.name}. */
    public static final String PROVIDER_NAME = "gen_ai.provider.name";
    /** {@code gen_ai.request.model}: the provider-side model asked for. */
    public static final String REQUEST_MODEL = "gen_ai.request.model";
    /** {@code gen_ai.response.model}. */
    public static final String RESPONSE_MODEL = "gen_ai.response.model";
    /** {@code gen_ai.token.type}: {@code input} or {@code output}. */
    public static final String TOKEN_TYPE = "gen_ai.token.type";
    /** {@code error.type}: the exception's class name, {@code none} on success. */
    public static final String ERROR_TYPE = "error.type";
    /** {@code server.address}. */
    public static final String SERVER_ADDRESS = "server.address";
    /** {@code server.port}. */
    public static final String SERVER_PORT = "server.port";
    /** The value of {@code gen_ai.operation.name}. */
    public static final String CHAT = "chat";

    // semconv's well-known names where one exists; the configuration's type name otherwise
    private static final Map<ProviderType, String> PROVIDER_NAMES = Map.of(ProviderType.OPENAI, "openai",
            ProviderType.ANTHROPIC, "anthropic", ProviderType.DEEPSEEK, "deepseek");

    private GenAiTags() {
    }

    /** The semconv provider name of {@code type}. */
    public static String providerName(ProviderType type) {
        String known = PROVIDER_NAMES.get(type);
        return known != null ? known : type.wireName();
    }

    /**
     * The attributes every GenAI meter and the attempt observation carry: operation, provider,
     * request model, response model and server; {@code answered} says whether the response model is
     * known (it is the deployment's model when it answered, {@code none} otherwise).
     */
    public static KeyValues of(Deployment d, boolean answered) {
        URI uri = uri(d.providerConfig().baseUrl());
        String host = uri == null || uri.getHost() == null ? "none" : uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri == null ? -1 : uri.getPort() >= 0 ? uri.getPort()
                : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : -1;
        return KeyValues.of(OPERATION_NAME, CHAT, PROVIDER_NAME, providerName(d.providerType()), REQUEST_MODEL,
                d.model(), RESPONSE_MODEL, answered ? d.model() : "none", SERVER_ADDRESS, host, SERVER_PORT,
                port < 0 ? "none" : Integer.toString(port));
    }

    private static URI uri(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            return null;
        }
        try {
            return URI.create(baseUrl.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
