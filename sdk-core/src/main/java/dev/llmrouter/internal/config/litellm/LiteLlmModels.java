package dev.llmrouter.internal.config.litellm;

import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.Locale;
import java.util.Optional;

/**
 * How a deployment is written in LiteLLM's {@code litellm_params}: the {@code model} string with
 * its provider prefix, and {@code api_base}. Export: {@code ollama_chat/} (Ollama's chat API, which
 * llmrouter speaks), {@code hosted_vllm/}, {@code openai/} for OpenAI, llama.cpp and any
 * OpenAI-compatible server, {@code deepseek/}, {@code anthropic/}. Import reverses it, accepting
 * {@code ollama/} too and bare OpenAI, Anthropic and DeepSeek model names. Thread-safe (static
 * helpers).
 */
public final class LiteLlmModels {
    private static final String OPENAI_BASE = "https://api.openai.com/v1";

    private LiteLlmModels() {
    }

    /** The {@code litellm_params.model} string for {@code model} on a provider of {@code type}. */
    public static String model(ProviderType type, String model) {
        return prefix(type) + model;
    }

    private static String prefix(ProviderType type) {
        return switch (type) {
            case OLLAMA -> "ollama_chat/";
            case VLLM -> "hosted_vllm/";
            case DEEPSEEK -> "deepseek/";
            case ANTHROPIC -> "anthropic/";
            default -> "openai/";
        };
    }

    /**
     * The {@code api_base} LiteLLM needs for {@code p}: the OpenAI-family types that llmrouter
     * completes with {@code /v1} get it written out; others as configured; none for a mock.
     */
    public static Optional<String> apiBase(ProviderConfig p) {
        String base = stripSlash(p.baseUrl());
        return switch (p.type()) {
            case MOCK -> Optional.empty();
            case VLLM, LLAMA_CPP, OPENAI -> Optional.of(base.endsWith("/v1") ? base : base + "/v1");
            default -> Optional.of(base);
        };
    }

    /**
     * A deployment read back from LiteLLM.
     *
     * @param type the provider type
     * @param model the provider-side model name
     * @param baseUrl the provider's base URL as llmrouter writes it
     */
    public record Target(ProviderType type, String model, String baseUrl) {
    }

    /**
     * Reads a {@code litellm_params.model} string and its {@code api_base}. {@code typeHint} is
     * llmrouter's own type recorded at export ({@code model_info.llmrouter_type}), which settles
     * what {@code openai/} meant. Returns an error message instead when the provider is not one
     * llmrouter speaks.
     */
    public static Result read(String litellmModel, String apiBase, ProviderType typeHint) {
        int slash = litellmModel.indexOf('/');
        String prefix = slash > 0 ? litellmModel.substring(0, slash).toLowerCase(Locale.ROOT) : "";
        String model = slash > 0 ? litellmModel.substring(slash + 1) : litellmModel;
        ProviderType type = switch (prefix) {
            case "ollama", "ollama_chat" -> ProviderType.OLLAMA;
            case "hosted_vllm" -> ProviderType.VLLM;
            case "deepseek" -> ProviderType.DEEPSEEK;
            case "anthropic" -> ProviderType.ANTHROPIC;
            case "openai" -> typeHint != null ? typeHint
                    : apiBase == null || stripSlash(apiBase).equals(OPENAI_BASE) ? ProviderType.OPENAI : ProviderType.OPENAI_COMPATIBLE;
            case "" -> bare(model);
            default -> null;
        };
        if (type == null) {
            return Result.error(prefix.isEmpty()
                    ? "cannot tell which provider serves '" + litellmModel + "'"
                    : "LiteLLM provider '" + prefix + "' is not one llmrouter speaks");
        }
        if (slash < 0 && typeHint != null) {
            type = typeHint;
        }
        String base = apiBase == null ? defaultBase(type) : stripSlash(apiBase);
        if (base == null) {
            return Result.error("'" + litellmModel + "' has no api_base");
        }
        if ((type == ProviderType.VLLM || type == ProviderType.LLAMA_CPP) && base.endsWith("/v1")) {
            base = base.substring(0, base.length() - 3);
        }
        return Result.ok(new Target(type, model, type == ProviderType.MOCK ? "" : base));
    }

    private static ProviderType bare(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        if (m.startsWith("gpt-") || m.startsWith("o1") || m.startsWith("o3") || m.startsWith("o4") || m.startsWith("chatgpt")) {
            return ProviderType.OPENAI;
        }
        if (m.startsWith("claude")) {
            return ProviderType.ANTHROPIC;
        }
        return m.startsWith("deepseek-") ? ProviderType.DEEPSEEK : null;
    }

    private static String defaultBase(ProviderType type) {
        return switch (type) {
            case OLLAMA -> "http://localhost:11434";
            case OPENAI -> OPENAI_BASE;
            case DEEPSEEK -> "https://api.deepseek.com";
            case ANTHROPIC -> "https://api.anthropic.com";
            case MOCK -> "";
            default -> null;
        };
    }

    private static String stripSlash(String s) {
        String t = s.trim();
        return t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
    }

    /**
     * A read model string: the target, or why there is none.
     *
     * @param target the target, or null
     * @param error the reason, or null
     */
    public record Result(Target target, String error) {
        static Result ok(Target t) {
            return new Result(t, null);
        }

        static Result error(String message) {
            return new Result(null, message);
        }
    }
}
