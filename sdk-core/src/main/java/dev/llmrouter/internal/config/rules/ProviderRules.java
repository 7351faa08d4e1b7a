package dev.llmrouter.internal.config.rules;

import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.internal.adapter.ProviderUrls;
import dev.llmrouter.internal.config.Paths;
import dev.llmrouter.internal.config.Problems;
import dev.llmrouter.spi.provider.ProviderType;
import dev.llmrouter.internal.config.Hosts;
import dev.llmrouter.internal.config.SdkKeys;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Provider checks: a usable {@code base_url}; a {@code health_path} that is a path or an absolute
 * http(s) URL; cloud types over plain http in either (error unless {@code allow_insecure_http});
 * (loopback hosts excepted: a local proxy or tunnel); an active provider whose type needs an API
 * key without one; two active providers on one server URL (an error for a one-model server naming
 * different models, the seed's {@code ports.yaml} concern, else a warning); and deployments on disabled providers (an error when a group has no active
 * deployment left, the seed's {@code dolphin-uncensored-vllm} case, else a warning). Thread-safe
 * (static helpers).
 */
final class ProviderRules {
    private ProviderRules() {
    }

    static void check(RouterConfig c, Problems p, Gaps gaps) {
        Map<String, List<String>> byUrl = new LinkedHashMap<>();
        c.providers().forEach((name, provider) -> {
            Optional<URI> url = url(name, provider, p);
            url.ifPresent(u -> insecure(name, provider, u, "base_url", p));
            healthPath(name, provider, p);
            if (provider.isActive()) {
                apiKey(name, provider, p);
            }
            headers(name, provider, p);
            if (provider.isActive() && url.isPresent()) {
                byUrl.computeIfAbsent(serverKey(provider, url.get()), k -> new ArrayList<>()).add(name);
            }
        });
        byUrl.forEach((key, names) -> {
            for (int i = 1; i < names.size(); i++) {
                shared(c, names.get(0), names.get(i), key, p);
            }
        });
        c.models().forEach((name, g) -> {
            if (!gaps.models().contains(name)) {
                disabled(name, g, c, p);
            }
        });
    }

    /**
     * Two active providers on one server URL. A server that holds one model at a time ({@code vllm},
     * {@code llama_cpp}) cannot serve two different models: an error (the seed's {@code ports.yaml}).
     * Otherwise it works, but the server's circuit and concurrency cap are split between two names:
     * a warning; two cloud accounts with different keys are simply two accounts.
     */
    private static void shared(RouterConfig c, String first, String second, String key, Problems p) {
        ProviderConfig a = c.providers().get(first);
        ProviderConfig b = c.providers().get(second);
        String path = Paths.child(Paths.child("providers", second), "base_url");
        boolean oneModelServer = isOneModel(a.type()) || isOneModel(b.type());
        Set<String> models = new LinkedHashSet<>(modelsOf(c, first));
        models.addAll(modelsOf(c, second));
        if (oneModelServer && models.size() > 1) {
            p.error(path, "providers '" + first + "' and '" + second + "' are both active on " + key + " but name different "
                    + "models (" + String.join(", ", models) + "); a " + (isOneModel(a.type()) ? a : b).type().wireName()
                    + " server serves one model", "fix the URL, or set status: disabled on one of them");
            return;
        }
        if (a.type().isCloud() && b.type().isCloud() && !sameKey(a, b)) {
            return;
        }
        p.warning(path, "providers '" + first + "' and '" + second + "' are both active on " + key + ": the server's circuit "
                + "and concurrency limit are split between two names", "merge them into one provider, unless they are "
                + "really different servers");
    }

    private static boolean isOneModel(ProviderType t) {
        return t == ProviderType.VLLM || t == ProviderType.LLAMA_CPP;
    }

    private static boolean sameKey(ProviderConfig a, ProviderConfig b) {
        String ka = a.apiKey().map(k -> k.envVariable().orElse("=" + k.reveal().hashCode())).orElse("");
        String kb = b.apiKey().map(k -> k.envVariable().orElse("=" + k.reveal().hashCode())).orElse("");
        return ka.equals(kb);
    }

    private static List<String> modelsOf(RouterConfig c, String provider) {
        List<String> out = new ArrayList<>();
        c.models().values().forEach(g -> g.deployments().stream().filter(d -> d.provider().equals(provider))
                .map(DeploymentConfig::model).filter(m -> !out.contains(m)).forEach(out::add));
        return out;
    }

    private static void apiKey(String name, ProviderConfig provider, Problems p) {
        String path = Paths.child("providers", name);
        String var = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_") + "_API_KEY";
        if (provider.apiKey().isEmpty()) {
            if (provider.type().requiresApiKey()) {
                String sdk = SdkKeys.variable(provider.type()).orElse(null);
                p.error(path, "active provider '" + name + "' (" + provider.type().wireName() + ") has no API key"
                        + (sdk == null ? "" : " and " + sdk + " is not set"), "add api_key: \"${" + var + "}\" or api_key_env: "
                        + var + (sdk == null ? "" : ", or export " + sdk));
            }
            return;
        }
        if (!provider.apiKey().get().isEmpty()) {
            String problem = headerValueProblem(provider.apiKey().get().reveal());
            if (problem != null) {
                // never the value: this is the key
                p.error(Paths.child(path, "api_key"), "the API key of active provider '" + name + "' " + problem
                                + provider.apiKey().get().envVariable().map(v -> " (read from " + v + ")").orElse(""),
                        "remove it from the key; a .env file saved with Windows line endings adds a '\\r' to each value");
            }
            return;
        }
        Optional<String> env = provider.apiKey().get().envVariable();
        if (env.isPresent()) {
            p.error(Paths.child(path, "api_key"), "environment variable " + env.get() + " is not set (needed by active provider '"
                    + name + "')", "export " + env.get() + " before starting, or set status: disabled on the provider");
        } else {
            p.error(Paths.child(path, "api_key"), "the API key of active provider '" + name + "' is empty",
                    "set api_key: \"${" + var + "}\", or remove api_key if the server needs none");
        }
    }

    /** Header names and values that no HTTP request can carry are configuration errors, before any call. */
    private static void headers(String name, ProviderConfig provider, Problems p) {
        provider.headers().forEach((header, value) -> {
            String at = Paths.child(Paths.child(Paths.child("providers", name), "headers"), header);
            if (header.isEmpty() || !header.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f && ch != ':')) {
                p.error(at, "header name of provider '" + name + "' is not a valid HTTP header name",
                        "use letters, digits and '-' only");
            }
            String problem = headerValueProblem(value);
            if (problem != null) {
                // header values often carry credentials: described, never quoted
                p.error(at, "header '" + header + "' of provider '" + name + "' " + problem, "remove it from the value");
            }
        });
    }

    /**
     * What makes {@code value} unusable in an HTTP header, or null: surrounding white space (a
     * copied line ending), a control character or a character outside ASCII, which OkHttp refuses
     * and which would otherwise fail every call with a message quoting the value.
     */
    static String headerValueProblem(String value) {
        if (!value.equals(value.strip())) {
            return "has white space or a line ending around it";
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
                return "contains a control character (code " + (int) ch + ")";
            }
            if (ch > 0x7f) {
                return "contains a character outside ASCII, which HTTP headers cannot carry";
            }
        }
        return null;
    }

    private static Optional<URI> url(String name, ProviderConfig provider, Problems p) {
        if (provider.type() == ProviderType.MOCK
                || (provider.type() == ProviderType.CUSTOM && provider.baseUrl().isBlank())) {
            return Optional.empty(); // a custom adapter may need no URL at all
        }
        String path = Paths.child(Paths.child("providers", name), "base_url");
        if (provider.baseUrl().isBlank()) {
            p.error(Paths.child("providers", name), "provider '" + name + "' has no base_url",
                    "add base_url: with the server's root, such as http://127.0.0.1:8000");
            return Optional.empty();
        }
        Optional<URI> u = httpUrl(provider.baseUrl());
        if (u.isEmpty()) {
            p.error(path, "base_url '" + provider.baseUrl() + "' of provider '" + name + "' is not an http(s) URL",
                    "write it like http://127.0.0.1:8000 or https://api.example.com");
        }
        return u;
    }

    /** {@code raw} as an http(s) URL with a host, if it is one. */
    private static Optional<URI> httpUrl(String raw) {
        try {
            URI u = new URI(raw.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && !host(u).isEmpty()) {
                return Optional.of(u);
            }
        } catch (URISyntaxException e) {
            // not a URL: the caller reports it
        }
        return Optional.empty();
    }

    /**
     * {@code health_path}: a path on the server ({@code /health}), or an absolute http(s) URL the
     * probe uses as is ({@link ProviderUrls#health}); the probe carries the API key, so a cloud type
     * needs https there too.
     */
    private static void healthPath(String name, ProviderConfig provider, Problems p) {
        String h = provider.healthPath().orElse(null);
        if (h == null || h.startsWith("/")) {
            return;
        }
        Optional<URI> u = ProviderUrls.isAbsolute(h) ? httpUrl(h) : Optional.empty();
        if (u.isEmpty()) {
            p.error(Paths.child(Paths.child("providers", name), "health_path"), "health_path must be a path starting "
                    + "with '/' or an absolute http(s) URL, got '" + h + "'", "write it like /health or http://127.0.0.1:8000/health");
            return;
        }
        insecure(name, provider, u.get(), "health_path", p);
    }

    private static void insecure(String name, ProviderConfig provider, URI u, String key, Problems p) {
        if (provider.type().isCloud() && u.getScheme().equalsIgnoreCase("http") && !provider.allowInsecureHttp()
                && !Hosts.isLoopback(host(u))) {
            p.error(Paths.child(Paths.child("providers", name), key), "provider '" + name + "' is a cloud service ("
                    + provider.type().wireName() + ") but " + key + " uses plain http, which would send the API key unencrypted",
                    "use https://, or set allow_insecure_http: true for a test server or a tunnel on another host");
        }
    }

    /** The host, also for names {@link URI} does not accept as hosts (docker-compose's {@code vllm_qwen}). */
    private static String host(URI u) {
        if (u.getHost() != null) {
            return u.getHost();
        }
        String a = u.getRawAuthority();
        if (a == null) {
            return "";
        }
        a = a.substring(a.lastIndexOf('@') + 1);
        int colon = a.lastIndexOf(':');
        return colon >= 0 && !a.endsWith("]") ? a.substring(0, colon) : a;
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        String a = u.getRawAuthority() == null ? "" : u.getRawAuthority();
        int colon = a.lastIndexOf(':');
        if (colon >= 0 && a.substring(colon + 1).matches("\\d{1,5}")) {
            return Integer.parseInt(a.substring(colon + 1));
        }
        return u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /**
     * The server a base URL points at: scheme, host ({@code localhost} and {@code ::1} as
     * {@code 127.0.0.1}), port and path, the {@code /v1} a type adds dropped. Different paths behind
     * one host:port (a reverse proxy in front of several GPU servers) are different servers.
     */
    private static String serverKey(ProviderConfig provider, URI u) {
        String host = host(u).toLowerCase(Locale.ROOT);
        if (Hosts.isLoopback(host)) {
            host = "127.0.0.1";
        }
        String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
        ProviderType t = provider.type();
        if ((t == ProviderType.OPENAI || isOneModel(t)) && path.toLowerCase(Locale.ROOT).endsWith("/v1")) {
            path = path.substring(0, path.length() - 3);
        }
        return u.getScheme().toLowerCase(Locale.ROOT) + "://" + host + ":" + port(u) + path;
    }

    private static void disabled(String name, ModelGroupConfig g, RouterConfig c, Problems p) {
        List<DeploymentConfig> ds = g.deployments();
        boolean anyActive = ds.stream().anyMatch(d -> c.providers().containsKey(d.provider())
                && c.providers().get(d.provider()).isActive());
        List<String> off = ds.stream().map(DeploymentConfig::provider).filter(c.providers()::containsKey)
                .filter(n -> !c.providers().get(n).isActive()).distinct().toList();
        if (off.isEmpty()) {
            return;
        }
        String path = Paths.child("models", name);
        if (!anyActive) {
            p.error(path, "model group '" + name + "' has no active deployment: provider" + (off.size() > 1 ? "s " : " ")
                    + quoted(off) + (off.size() > 1 ? " are" : " is") + " disabled",
                    "enable the provider (status: active), add a deployment on an active provider, or remove the group");
            return;
        }
        for (int i = 0; i < ds.size(); i++) {
            ProviderConfig provider = c.providers().get(ds.get(i).provider());
            if (provider != null && !provider.isActive()) {
                p.warning(Paths.child(Paths.index(Paths.child(path, "deployments"), i), "provider"), "deployment of '" + name
                        + "' is on disabled provider '" + provider.name() + "' and will be skipped",
                        "remove the deployment, or enable the provider");
            }
        }
    }

    private static String quoted(List<String> names) {
        return "'" + String.join("', '", names) + "'";
    }
}
