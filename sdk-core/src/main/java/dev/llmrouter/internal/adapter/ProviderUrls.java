package dev.llmrouter.internal.adapter;

import dev.llmrouter.config.ProviderConfig;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * Normalises a provider's {@code base_url} to the server root the native adapters build their
 * paths on. Stateless and thread-safe.
 */
public final class ProviderUrls {
    private ProviderUrls() {
    }

    /**
     * The base URL without trailing slashes and without any of {@code droppedSuffixes} (matched
     * case-insensitively, once), so users may paste the URL with the path segment their docs show.
     *
     * @throws IllegalArgumentException naming the provider when the URL is not an http(s) URL, or
     *         is plain http for a cloud type (its API key would travel in clear) without
     *         {@link ProviderConfig#allowInsecureHttp()}
     */
    public static String root(ProviderConfig config, String... droppedSuffixes) {
        String url = stripSlashes(config.baseUrl().trim());
        for (String suffix : droppedSuffixes) {
            if (url.toLowerCase(Locale.ROOT).endsWith(suffix)) {
                url = stripSlashes(url.substring(0, url.length() - suffix.length()));
                break;
            }
        }
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw new IllegalArgumentException("provider " + config.name() + ": base_url '" + config.baseUrl()
                    + "' is not an http(s) URL (for example http://127.0.0.1:11434)");
        }
        if (config.type().isCloud() && !parsed.isHttps() && !config.allowInsecureHttp()) {
            throw new IllegalArgumentException("provider " + config.name() + ": base_url '" + config.baseUrl() + "' is plain http;"
                    + " " + config.type().wireName() + " needs https (set allow_insecure_http only for tests and tunnels)");
        }
        return url;
    }

    private static String stripSlashes(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(0, end);
    }
}
