package dev.llmrouter.internal.config.litellm;

import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a deployment is written in LiteLLM's {@code litellm_params}: the {@code model} string with
 * its provider prefix, and {@code api_base}. Export: {@code ollama_chat/} (Ollama's chat API, which
 * llmrouter speaks), {@code hosted_vllm/}, {@code openai/} for OpenAI, llama.cpp and any
 * OpenAI-compatible server, {@code deepseek/}, {@code anthropic/}. Import reverses it, accepting
 * {@code ollama/} too, bare OpenAI, Anthropic and DeepSeek model names, {@code azure/}, and the
 * providers LiteLLM reaches over OpenAI's wire (groq, openrouter, together_ai, mistral, cerebras, xai,
 * fireworks_ai, nvidia_nim, github, gemini's OpenAI endpoint) as {@code openai_compatible} with
 * their known base URL and key variable; providers that need signed requests (bedrock, vertex_ai,
 * sagemaker) are reported as unsupported. Thread-safe (static helpers).
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
            case AZURE -> "azure/";
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
     * @param keyVariable the variable LiteLLM reads the key from when {@code api_key} is absent, or null
     * @param name the name an imported provider gets when nothing else names it: the LiteLLM
     *        provider for the OpenAI-wire ones ({@code groq}), else the type
     */
    public record Target(ProviderType type, String model, String baseUrl, String keyVariable, String name) {
    }

    /** A provider LiteLLM reaches over OpenAI's wire: where it is and which variable holds its key. */
    private record Wire(String base, String keyVariable) {
    }

    /** LiteLLM providers that speak OpenAI's chat completions, imported as {@code openai_compatible}. */
    private static final Map<String, Wire> OPENAI_WIRE = Map.ofEntries(
            Map.entry("groq", new Wire("https://api.groq.com/openai/v1", "GROQ_API_KEY")),
            Map.entry("openrouter", new Wire("https://openrouter.ai/api/v1", "OPENROUTER_API_KEY")),
            Map.entry("together_ai", new Wire("https://api.together.xyz/v1", "TOGETHERAI_API_KEY")),
            Map.entry("mistral", new Wire("https://api.mistral.ai/v1", "MISTRAL_API_KEY")),
            Map.entry("cerebras", new Wire("https://api.cerebras.ai/v1", "CEREBRAS_API_KEY")),
            Map.entry("xai", new Wire("https://api.x.ai/v1", "XAI_API_KEY")),
            Map.entry("fireworks_ai", new Wire("https://api.fireworks.ai/inference/v1", "FIREWORKS_AI_API_KEY")),
            Map.entry("nvidia_nim", new Wire("https://integrate.api.nvidia.com/v1", "NVIDIA_NIM_API_KEY")),
            Map.entry("github", new Wire("https://models.inference.ai.azure.com", "GITHUB_API_KEY")),
            Map.entry("gemini", new Wire("https://generativelanguage.googleapis.com/v1beta/openai", "GEMINI_API_KEY")));

    /** LiteLLM providers whose requests must be signed with cloud credentials: not supported. */
    private static final Set<String> SIGNED = Set.of("bedrock", "bedrock_converse", "vertex_ai", "vertex_ai_beta",
            "sagemaker", "sagemaker_chat");

    /**
     * Reads a {@code litellm_params.model} string and its {@code api_base}. {@code typeHint} is
     * llmrouter's own type recorded at export ({@code model_info.llmrouter_type}), which settles
     * what {@code openai/} meant. Returns why instead when llmrouter cannot serve the deployment.
     */
    public static Result read(String litellmModel, String apiBase, ProviderType typeHint) {
        int slash = litellmModel.indexOf('/');
        String prefix = slash > 0 ? litellmModel.substring(0, slash).toLowerCase(Locale.ROOT) : "";
        String model = slash > 0 ? litellmModel.substring(slash + 1) : litellmModel;
        if (SIGNED.contains(prefix)) {
            return Result.error("LiteLLM provider '" + prefix + "' needs signed requests (cloud credentials), which "
                    + "llmrouter does not support");
        }
        Wire wire = OPENAI_WIRE.get(prefix);
        if (wire != null && typeHint == null) {
            return Result.ok(new Target(ProviderType.OPENAI_COMPATIBLE, model, apiBase == null ? wire.base() : stripSlash(apiBase),
                    wire.keyVariable(), prefix.replace('_', '-')));
        }
        ProviderType type = switch (prefix) {
            case "ollama", "ollama_chat" -> ProviderType.OLLAMA;
            case "hosted_vllm" -> ProviderType.VLLM;
            case "deepseek" -> ProviderType.DEEPSEEK;
            case "anthropic" -> ProviderType.ANTHROPIC;
            case "azure" -> ProviderType.AZURE;
            case "openai" -> typeHint != null ? typeHint
                    : apiBase == null || stripSlash(apiBase).equals(OPENAI_BASE) ? ProviderType.OPENAI : ProviderType.OPENAI_COMPATIBLE;
            case "" -> bare(model);
            default -> wire != null ? typeHint : null;
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
        return Result.ok(new Target(type, model, type == ProviderType.MOCK ? "" : base, keyVariable(type), type.wireName()));
    }

    /** The variable LiteLLM reads a type's key from when none is given. */
    private static String keyVariable(ProviderType type) {
        return switch (type) {
            case OPENAI -> "OPENAI_API_KEY";
            case ANTHROPIC -> "ANTHROPIC_API_KEY";
            case DEEPSEEK -> "DEEPSEEK_API_KEY";
            case AZURE -> "AZURE_API_KEY";
            default -> null;
        };
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
