package dev.llmrouter.internal.adapter;

import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.internal.http.HttpTransport;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.Objects;
import java.util.function.Predicate;
import okhttp3.Request;

/**
 * What every adapter takes from its {@link ProviderConfig} in the same way: the check that it
 * speaks the configured type, and the API key header on its requests. Stateless and thread-safe.
 */
public final class AdapterConfigs {
    private AdapterConfigs() {
    }

    /**
     * {@code config}, checked to be of a type the adapter speaks.
     *
     * @param adapter the adapter's name for the message ({@code "OpenAI"})
     * @throws NullPointerException when {@code config} is null
     * @throws IllegalArgumentException naming the provider and its type when {@code speaks} rejects the type
     */
    public static ProviderConfig requireType(ProviderConfig config, Predicate<ProviderType> speaks, String adapter) {
        Objects.requireNonNull(config, "config");
        if (!speaks.test(config.type())) {
            throw new IllegalArgumentException("provider " + config.name() + ": type " + config.type().wireName()
                    + " is not spoken by the " + adapter + " adapter");
        }
        return config;
    }

    /**
     * Adds {@code header: prefix + key} when the provider has a non-empty API key, unless one of its
     * configured extra headers already sets {@code header} (matched case-insensitively): the
     * configured header then wins, for gateways that want their own credentials.
     *
     * @return {@code b}
     * @throws dev.llmrouter.api.ConfigException when the key cannot go into a header (validation rejects such keys;
     *         this covers a configuration that skipped it): never quoting the key, which OkHttp's
     *         own message would, and never counted against the provider
     */
    public static Request.Builder withApiKey(Request.Builder b, ProviderConfig config, String header, String prefix) {
        boolean configured = config.headers().keySet().stream().anyMatch(h -> h.equalsIgnoreCase(header));
        config.apiKey().filter(k -> !k.isEmpty() && !configured)
                .ifPresent(k -> HttpTransport.header(b, config, header, prefix + k.reveal()));
        return b;
    }
}
