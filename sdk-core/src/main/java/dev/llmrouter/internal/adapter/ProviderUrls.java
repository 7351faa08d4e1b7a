package dev.llmrouter.internal.adapter;

import dev.llmrouter.api.ConfigException;
import dev.llmrouter.config.ProviderConfig;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * Normalises a provider's {@code base_url} to the server root every adapter builds its paths on,
 * and resolves health paths against it: the one place where a base URL is checked (an http(s) URL,
 * and https for a cloud type unless the host is a loopback address). Stateless and thread-safe.
 */
public final class ProviderUrls {
    private ProviderUrls() {
    }

    /**
     * The base URL without trailing slashes and without any of {@code droppedSuffixes} (matched
     * case-insensitively, once), so users may paste the URL with the path segment their docs show.
     * With no suffixes, the base exactly as given but for surrounding blanks and trailing slashes.
     *
     * @throws ConfigException naming the provider when the URL is not an http(s) URL, or is plain
     *         http for a cloud type (its API key would travel in clear) without
     *         {@link ProviderConfig#allowInsecureHttp()}
     */
    public static String root(ProviderConfig config, String... droppedSuffixes) {
        String url = stripSlashes(config.baseUrl().strip());
        for (String suffix : droppedSuffixes) {
            if (url.toLowerCase(Locale.ROOT).endsWith(suffix)) {
                url = stripSlashes(url.substring(0, url.length() - suffix.length()));
                break;
            }
        }
        HttpUrl parsed = url.isEmpty() ? null : HttpUrl.parse(url);
        if (parsed == null) {
            throw new ConfigException("provider " + config.name() + ": base_url '" + config.baseUrl()
                    + "' is not an http(s) URL (for example http://127.0.0.1:8000)");
        }
        if (config.type().isCloud() && !parsed.isHttps() && !config.allowInsecureHttp()
                && !dev.llmrouter.internal.config.Hosts.isLoopback(parsed.host())) {
            // the URL stays out of this message: it may carry credentials in its user info
            throw new ConfigException("provider " + config.name() + ": base_url is plain http; " + config.type().wireName()
                    + " is a cloud service and needs https (set allow_insecure_http for a tunnel or a test)");
        }
        return url;
    }

    /**
     * The provider's health probe URL: its configured {@code health_path} (a path, or an absolute
     * URL used as is), else the type's default path, resolved against {@code root}.
     */
    public static String health(ProviderConfig config, String root) {
        String path = config.healthPath().orElse(config.type().healthPath());
        if (isAbsolute(path)) {
            return path;
        }
        return root + (path.startsWith("/") ? "" : "/") + path;
    }

    /** True when a {@code health_path} is an absolute http(s) URL (used as is) rather than a path on the server. */
    public static boolean isAbsolute(String healthPath) {
        String lower = healthPath.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    private static String stripSlashes(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(0, end);
    }
}
