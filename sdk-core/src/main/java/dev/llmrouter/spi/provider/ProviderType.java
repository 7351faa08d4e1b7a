package dev.llmrouter.spi.provider;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of server llmrouter speaks to, with the per-type facts the router and validation need:
 * the wire family, whether it is a cloud service (https and an API key required), the seed's
 * default rate limits, and the health probe path. Immutable and thread-safe.
 */
public enum ProviderType {
    /** Ollama's native API ({@code /api/chat}, NDJSON streams); also Ollama cloud. */
    OLLAMA("ollama", false, false, 100, 50_000, "/api/tags"),
    /** vLLM's OpenAI-compatible server. */
    VLLM("vllm", false, false, 50, 100_000, "/health"),
    /** llama.cpp's {@code llama-server}. */
    LLAMA_CPP("llama_cpp", false, false, 120, 60_000, "/health"),
    /** OpenAI. */
    OPENAI("openai", true, true, 60, 150_000, "/v1/models"),
    /** Anthropic's Messages API. */
    ANTHROPIC("anthropic", true, true, 50, 100_000, "/v1/models"),
    /** DeepSeek (OpenAI-compatible, no {@code /v1} in its paths). */
    DEEPSEEK("deepseek", true, true, 60, 150_000, "/models"),
    /** Any OpenAI-compatible endpoint; the base URL is used exactly as given. */
    OPENAI_COMPATIBLE("openai_compatible", false, false, 0, 0, "/models"),
    /**
     * Azure OpenAI: the resource URL ({@code https://NAME.openai.azure.com}), calls to
     * {@code /openai/deployments/{model}/chat/completions?api-version=...} with an {@code api-key} header.
     */
    AZURE("azure", true, true, 0, 0, "/openai/models"),
    /**
     * A provider served by an adapter registered in code
     * ({@code LlmRouter.builder().adapter(name, adapter)}): no built-in wire format, base URL optional.
     */
    CUSTOM("custom", false, false, 0, 0, ""),
    /** Scripted in-process provider for demos and tests: no network. */
    MOCK("mock", false, false, 0, 0, "");

    private final String wireName;
    private final boolean cloud;
    private final boolean requiresApiKey;
    private final int defaultRpm;
    private final int defaultTpm;
    private final String healthPath;

    ProviderType(String wireName, boolean cloud, boolean requiresApiKey, int defaultRpm, int defaultTpm, String healthPath) {
        this.wireName = wireName;
        this.cloud = cloud;
        this.requiresApiKey = requiresApiKey;
        this.defaultRpm = defaultRpm;
        this.defaultTpm = defaultTpm;
        this.healthPath = healthPath;
    }

    /** The name used in configuration ({@code llama_cpp}, ...). */
    public String wireName() {
        return wireName;
    }

    /** True for cloud services, which require https unless explicitly allowed. */
    public boolean isCloud() {
        return cloud;
    }

    /** True when an active provider of this type cannot work without an API key. */
    public boolean requiresApiKey() {
        return requiresApiKey;
    }

    /** The seed's default requests per minute for a deployment of this type; empty when unlimited. */
    public Optional<Integer> defaultRpm() {
        return defaultRpm == 0 ? Optional.empty() : Optional.of(defaultRpm);
    }

    /** The seed's default tokens per minute for a deployment of this type; empty when unlimited. */
    public Optional<Integer> defaultTpm() {
        return defaultTpm == 0 ? Optional.empty() : Optional.of(defaultTpm);
    }

    /** The path probed for health, relative to the server root (after any {@code /v1} handling). */
    public String healthPath() {
        return healthPath;
    }

    /** True for types spoken over OpenAI's chat completions wire format. */
    public boolean isOpenAiFamily() {
        return this == VLLM || this == LLAMA_CPP || this == OPENAI || this == DEEPSEEK || this == OPENAI_COMPATIBLE;
    }

    /** The type with this configuration name (case-insensitive; {@code -} and {@code _} alike), if any. */
    public static Optional<ProviderType> fromWire(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (ProviderType t : values()) {
            if (t.wireName.equals(n)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
