package dev.llmrouter.config;

import dev.llmrouter.spi.provider.ProviderType;
import java.util.Map;
import java.util.Objects;

/**
 * {@code rate_limit_settings}. Immutable and thread-safe.
 *
 * @param enabled whether limits are enforced at all (default true)
 * @param mode {@code REJECT} (skip the deployment; fall back; then fail with
 *        {@code RateLimitExceededException}) or {@code WAIT} (block for a permit inside the deadline)
 * @param limits per-model-group limits ({@code limits.{model}: {rpm, tpm}}), merged into the groups
 * @param typeDefaults per provider type defaults for deployments that set none (default: none; the
 *        seed's table is the {@value #SEED_PRESET} preset, see {@link #withSeedPreset()})
 * @param defaultOutputTokens the output tokens reserved for a request that sets no maximum (default 1024)
 */
public record RateLimitSettings(boolean enabled, Mode mode, Map<String, RateLimit> limits,
                                Map<ProviderType, RateLimit> typeDefaults, int defaultOutputTokens) {

    /** What happens when no deployment has room. */
    public enum Mode {
        /** Skip, fall back, then fail at once. */
        REJECT,
        /** Wait for a permit inside the deadline. */
        WAIT
    }

    /**
     * The defaults: enabled, reject, no per-model limits, no per-type defaults (a deployment is
     * limited only where a limit is configured), 1024 output tokens.
     */
    public static final RateLimitSettings DEFAULTS = new RateLimitSettings(true, Mode.REJECT, Map.of(), Map.of(), 1024);

    /** The name of the preset holding the seed's per-type table ({@code rate_limit_settings.preset: seed}). */
    public static final String SEED_PRESET = "seed";

    /** Copies the maps. */
    public RateLimitSettings {
        Objects.requireNonNull(mode, "mode");
        limits = Map.copyOf(limits);
        typeDefaults = Map.copyOf(typeDefaults);
    }

    /** These settings with the seed's per-type table as {@code typeDefaults} (the {@value #SEED_PRESET} preset). */
    public RateLimitSettings withSeedPreset() {
        return new RateLimitSettings(enabled, mode, limits, seedTypeDefaults(), defaultOutputTokens);
    }

    /** The seed's defaults by provider type (ollama 100/50,000; llama_cpp 120/60,000; vllm 50/100,000; ...). */
    public static Map<ProviderType, RateLimit> seedTypeDefaults() {
        java.util.EnumMap<ProviderType, RateLimit> m = new java.util.EnumMap<>(ProviderType.class);
        for (ProviderType t : ProviderType.values()) {
            if (t.defaultRpm().isPresent() || t.defaultTpm().isPresent()) {
                m.put(t, new RateLimit(t.defaultRpm().orElse(null), t.defaultTpm().orElse(null)));
            }
        }
        return m;
    }
}
