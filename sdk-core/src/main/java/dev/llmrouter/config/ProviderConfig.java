package dev.llmrouter.config;

import dev.llmrouter.spi.provider.ProviderType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One model server or cloud account: its type, where it is, how to authenticate, and the limits
 * that belong to the server rather than to one model. Immutable and thread-safe; build with
 * {@link #builder(String, ProviderType)}.
 *
 * <p>Defaults: status active; no API key; no extra headers; no parallel-request cap; Anthropic
 * {@code max_tokens} 4096 when a request sets none; Ollama keep-alive left to the server;
 * response bodies up to 16 MiB and stream lines up to 1 MiB.
 */
public final class ProviderConfig {
    /** Default cap on a response body: 16 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;
    /** Default cap on one SSE or NDJSON line: 1 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
    /** Default Azure OpenAI {@code api-version}: the current GA version of the data-plane API. */
    public static final String DEFAULT_AZURE_API_VERSION = "2024-10-21";
    /** Default Anthropic {@code max_tokens} when a request sets none. */
    public static final int DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

    private final String name;
    private final ProviderType type;
    private final String baseUrl;
    private final ProviderStatus status;
    private final String note;
    private final Secret apiKey;
    private final Map<String, String> headers;
    private final Integer maxParallelRequests;
    private final Integer rpm;
    private final Integer tpm;
    private final String healthPath;
    private final boolean allowInsecureHttp;
    private final Duration attemptTimeout;
    private final int defaultMaxTokens;
    private final String keepAlive;
    private final Integer numCtx;
    private final String anthropicVersion;
    private final String apiVersion;
    private final long maxResponseBytes;
    private final int maxLineBytes;
    private final Map<String, Object> mock;

    private ProviderConfig(Builder b) {
        this.name = requireText(b.name, "provider name");
        this.type = Objects.requireNonNull(b.type, "type");
        this.baseUrl = b.baseUrl == null ? "" : b.baseUrl;
        this.status = b.status;
        this.note = b.note;
        this.apiKey = b.apiKey;
        this.headers = Map.copyOf(b.headers);
        this.maxParallelRequests = b.maxParallelRequests;
        this.rpm = b.rpm;
        this.tpm = b.tpm;
        this.healthPath = b.healthPath;
        this.allowInsecureHttp = b.allowInsecureHttp;
        this.attemptTimeout = b.attemptTimeout;
        this.defaultMaxTokens = b.defaultMaxTokens;
        this.keepAlive = b.keepAlive;
        this.numCtx = b.numCtx;
        this.anthropicVersion = b.anthropicVersion;
        this.apiVersion = b.apiVersion;
        this.maxResponseBytes = b.maxResponseBytes;
        this.maxLineBytes = b.maxLineBytes;
        this.mock = b.mock == null ? Map.of() : Map.copyOf(b.mock);
        if (maxResponseBytes <= 0 || maxLineBytes <= 0) {
            throw new IllegalArgumentException("provider " + name + ": size limits must be positive");
        }
    }

    private static String requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return s;
    }

    /** A builder for a provider of the given name and type. */
    public static Builder builder(String name, ProviderType type) {
        Builder b = new Builder();
        b.name = name;
        b.type = type;
        return b;
    }

    /** A builder holding this provider's values. */
    public Builder toBuilder() {
        Builder b = builder(name, type);
        b.baseUrl = baseUrl;
        b.status = status;
        b.note = note;
        b.apiKey = apiKey;
        b.headers.putAll(headers);
        b.maxParallelRequests = maxParallelRequests;
        b.rpm = rpm;
        b.tpm = tpm;
        b.healthPath = healthPath;
        b.allowInsecureHttp = allowInsecureHttp;
        b.attemptTimeout = attemptTimeout;
        b.defaultMaxTokens = defaultMaxTokens;
        b.keepAlive = keepAlive;
        b.numCtx = numCtx;
        b.anthropicVersion = anthropicVersion;
        b.apiVersion = apiVersion;
        b.maxResponseBytes = maxResponseBytes;
        b.maxLineBytes = maxLineBytes;
        b.mock = mock;
        return b;
    }

    /** The provider's name, unique in the configuration. */
    public String name() {
        return name;
    }

    /** The server type. */
    public ProviderType type() {
        return type;
    }

    /** The server root as written in the configuration ("" for {@code mock}). */
    public String baseUrl() {
        return baseUrl;
    }

    /** Active or disabled. */
    public ProviderStatus status() {
        return status;
    }

    /** True when the provider takes traffic. */
    public boolean isActive() {
        return status == ProviderStatus.ACTIVE;
    }

    /** A free-form note from the configuration. */
    public Optional<String> note() {
        return Optional.ofNullable(note);
    }

    /** The API key, when one is configured. */
    public Optional<Secret> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    /** Extra HTTP headers sent with every call. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The server's real capacity: requests in flight at once across all its deployments. */
    public Optional<Integer> maxParallelRequests() {
        return Optional.ofNullable(maxParallelRequests);
    }

    /** Requests per minute for each deployment on this provider that sets none itself. */
    public Optional<Integer> rpm() {
        return Optional.ofNullable(rpm);
    }

    /** Tokens per minute for each deployment on this provider that sets none itself. */
    public Optional<Integer> tpm() {
        return Optional.ofNullable(tpm);
    }

    /** A health probe path overriding the type's default. */
    public Optional<String> healthPath() {
        return Optional.ofNullable(healthPath);
    }

    /** True when a cloud type may be used over plain http (for tests and tunnels). */
    public boolean allowInsecureHttp() {
        return allowInsecureHttp;
    }

    /** An attempt timeout for this provider, overriding {@code timeouts.attempt}. */
    public Optional<Duration> attemptTimeout() {
        return Optional.ofNullable(attemptTimeout);
    }

    /** Anthropic's {@code max_tokens} when a request sets none. */
    public int defaultMaxTokens() {
        return defaultMaxTokens;
    }

    /** Ollama's {@code keep_alive} ({@code "10m"}, seconds, {@code 0}). */
    public Optional<String> keepAlive() {
        return Optional.ofNullable(keepAlive);
    }

    /** Ollama's {@code options.num_ctx}. */
    public Optional<Integer> numCtx() {
        return Optional.ofNullable(numCtx);
    }

    /** The {@code anthropic-version} header value; {@code 2023-06-01} by default. */
    public String anthropicVersion() {
        return anthropicVersion;
    }

    /** Azure only: the {@code api-version} query parameter (default {@value #DEFAULT_AZURE_API_VERSION}). */
    public String apiVersion() {
        return apiVersion;
    }

    /** The largest response body accepted, in bytes. */
    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    /** The longest SSE or NDJSON line accepted, in bytes. */
    public int maxLineBytes() {
        return maxLineBytes;
    }

    /** Settings of a {@code mock} provider (scripted replies, latency, errors); empty for other types. */
    public Map<String, Object> mock() {
        return mock;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProviderConfig p && p.name.equals(name) && p.type == type && p.baseUrl.equals(baseUrl)
                && p.status == status && Objects.equals(p.note, note) && Objects.equals(p.apiKey, apiKey)
                && p.headers.equals(headers) && Objects.equals(p.maxParallelRequests, maxParallelRequests)
                && Objects.equals(p.rpm, rpm) && Objects.equals(p.tpm, tpm) && Objects.equals(p.healthPath, healthPath)
                && p.allowInsecureHttp == allowInsecureHttp && Objects.equals(p.attemptTimeout, attemptTimeout)
                && p.defaultMaxTokens == defaultMaxTokens && Objects.equals(p.keepAlive, keepAlive)
                && Objects.equals(p.numCtx, numCtx) && p.anthropicVersion.equals(anthropicVersion)
                && p.apiVersion.equals(apiVersion)
                && p.maxResponseBytes == maxResponseBytes && p.maxLineBytes == maxLineBytes && p.mock.equals(mock);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, baseUrl, status);
    }

    /** Name, type, URL and status; the API key only as a mask, header values never. */
    @Override
    public String toString() {
        return "ProviderConfig[" + name + ", " + type.wireName() + ", " + baseUrl + ", " + status
                + (apiKey == null ? "" : ", apiKey=" + apiKey) + (headers.isEmpty() ? "" : ", headers=" + headers.keySet()) + "]";
    }

    /** Builds a {@link ProviderConfig}. Not thread-safe. */
    public static final class Builder {
        private String name;
        private ProviderType type;
        private String baseUrl;
        private ProviderStatus status = ProviderStatus.ACTIVE;
        private String note;
        private Secret apiKey;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Integer maxParallelRequests;
        private Integer rpm;
        private Integer tpm;
        private String healthPath;
        private boolean allowInsecureHttp;
        private Duration attemptTimeout;
        private int defaultMaxTokens = DEFAULT_ANTHROPIC_MAX_TOKENS;
        private String keepAlive;
        private Integer numCtx;
        private String anthropicVersion = "2023-06-01";
        private String apiVersion = DEFAULT_AZURE_API_VERSION;
        private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
        private Map<String, Object> mock;

        private Builder() {
        }

        /** The server root ({@code http://127.0.0.1:11434}, {@code https://api.openai.com/v1}, ...). */
        public Builder baseUrl(String url) {
            this.baseUrl = url;
            return this;
        }

        /** Active or disabled. */
        public Builder status(ProviderStatus status) {
            this.status = Objects.requireNonNull(status, "status");
            return this;
        }

        /** A free-form note. */
        public Builder note(String note) {
            this.note = note;
            return this;
        }

        /** The API key. */
        public Builder apiKey(Secret key) {
            this.apiKey = key;
            return this;
        }

        /** An extra header sent with every call. */
        public Builder header(String name, String value) {
            headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The server's parallel-request capacity. */
        public Builder maxParallelRequests(Integer n) {
            this.maxParallelRequests = n;
            return this;
        }

        /** Default requests per minute for this provider's deployments. */
        public Builder rpm(Integer rpm) {
            this.rpm = rpm;
            return this;
        }

        /** Default tokens per minute for this provider's deployments. */
        public Builder tpm(Integer tpm) {
            this.tpm = tpm;
            return this;
        }

        /** A health probe path overriding the type's default. */
        public Builder healthPath(String path) {
            this.healthPath = path;
            return this;
        }

        /** Allows a cloud type over plain http. */
        public Builder allowInsecureHttp(boolean allow) {
            this.allowInsecureHttp = allow;
            return this;
        }

        /** This provider's attempt timeout. */
        public Builder attemptTimeout(Duration d) {
            this.attemptTimeout = d;
            return this;
        }

        /** Anthropic {@code max_tokens} default. */
        public Builder defaultMaxTokens(int n) {
            this.defaultMaxTokens = n;
            return this;
        }

        /** Ollama {@code keep_alive}. */
        public Builder keepAlive(String keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        /** Ollama {@code num_ctx}. */
        public Builder numCtx(Integer n) {
            this.numCtx = n;
            return this;
        }

        /** Azure only: the {@code api-version} query parameter. */
        public Builder apiVersion(String v) {
            this.apiVersion = Objects.requireNonNull(v, "apiVersion");
            return this;
        }

        /** Anthropic only: the {@code anthropic-version} header. */
        public Builder anthropicVersion(String v) {
            this.anthropicVersion = Objects.requireNonNull(v, "anthropicVersion");
            return this;
        }

        /** The largest response body accepted. */
        public Builder maxResponseBytes(long n) {
            this.maxResponseBytes = n;
            return this;
        }

        /** The longest stream line accepted. */
        public Builder maxLineBytes(int n) {
            this.maxLineBytes = n;
            return this;
        }

        /** Settings of a {@code mock} provider. */
        public Builder mock(Map<String, Object> settings) {
            this.mock = settings;
            return this;
        }

        /** @throws IllegalArgumentException when the name is empty or a limit is not positive */
        public ProviderConfig build() {
            return new ProviderConfig(this);
        }
    }
}
