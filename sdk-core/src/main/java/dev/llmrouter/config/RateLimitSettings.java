package dev.llmrouter.config;

import dev.llmrouter.spi.provider.ProviderType;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code rate_limit_settings}. Immutable and thread-safe; build with {@link #builder()} (which
 * starts from {@link #DEFAULTS}). A class rather than a record so that new settings can be added
 * without breaking callers.
 */
public final class RateLimitSettings {

    /** What happens when no deployment has room. */
    public enum Mode {
        /** Skip, fall back, then fail at once. */
        REJECT,
        /** Wait for a permit inside the deadline. */
        WAIT
    }

    /** The default output tokens reserved for a request that sets no maximum. */
    public static final int DEFAULT_OUTPUT_TOKENS = 1024;

    /** The name of the preset holding the seed's per-type table ({@code rate_limit_settings.preset: seed}). */
    public static final String SEED_PRESET = "seed";

    /**
     * The defaults: enabled, reject, no per-model limits, no per-type defaults (a deployment is
     * limited only where a limit is configured), 1024 output tokens.
     */
    public static final RateLimitSettings DEFAULTS = new Builder().build();

    private final boolean enabled;
    private final Mode mode;
    private final Map<String, RateLimit> limits;
    private final Map<ProviderType, RateLimit> typeDefaults;
    private final int defaultOutputTokens;

    private RateLimitSettings(Builder b) {
        this.enabled = b.enabled;
        this.mode = Objects.requireNonNull(b.mode, "mode");
        this.limits = Map.copyOf(b.limits);
        this.typeDefaults = Map.copyOf(b.typeDefaults);
        this.defaultOutputTokens = b.defaultOutputTokens;
    }

    /** A builder starting from {@link #DEFAULTS}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return new Builder().enabled(enabled).mode(mode).limits(limits).typeDefaults(typeDefaults)
                .defaultOutputTokens(defaultOutputTokens);
    }

    /** Whether limits are enforced at all (default true). */
    public boolean enabled() {
        return enabled;
    }

    /**
     * {@code REJECT} (skip the deployment; fall back; then fail with
     * {@code RateLimitExceededException}; the default) or {@code WAIT} (block for a permit inside the
     * deadline).
     */
    public Mode mode() {
        return mode;
    }

    /** Per-model-group limits ({@code limits.{model}: {rpm, tpm}}), merged into the groups; default none. */
    public Map<String, RateLimit> limits() {
        return limits;
    }

    /**
     * Per provider type defaults for deployments that set none (default none; the seed's table is the
     * {@value #SEED_PRESET} preset, see {@link #withSeedPreset()}).
     */
    public Map<ProviderType, RateLimit> typeDefaults() {
        return typeDefaults;
    }

    /** The output tokens reserved for a request that sets no maximum (default 1024). */
    public int defaultOutputTokens() {
        return defaultOutputTokens;
    }

    /** These settings with the seed's per-type table as {@code typeDefaults} (the {@value #SEED_PRESET} preset). */
    public RateLimitSettings withSeedPreset() {
        return toBuilder().typeDefaults(seedTypeDefaults()).build();
    }

    /** The seed's defaults by provider type (ollama 100/50,000; llama_cpp 120/60,000; vllm 50/100,000; ...). */
    public static Map<ProviderType, RateLimit> seedTypeDefaults() {
        EnumMap<ProviderType, RateLimit> m = new EnumMap<>(ProviderType.class);
        for (ProviderType t : ProviderType.values()) {
            if (t.defaultRpm().isPresent() || t.defaultTpm().isPresent()) {
                m.put(t, new RateLimit(t.defaultRpm().orElse(null), t.defaultTpm().orElse(null)));
            }
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateLimitSettings s && s.enabled == enabled && s.mode == mode && s.limits.equals(limits)
                && s.typeDefaults.equals(typeDefaults) && s.defaultOutputTokens == defaultOutputTokens;
    }

    @Override
    public int hashCode() {
        return Objects.hash(enabled, mode, limits, typeDefaults, defaultOutputTokens);
    }

    @Override
    public String toString() {
        return "RateLimitSettings[enabled=" + enabled + ", mode=" + mode + ", limits=" + limits + ", typeDefaults="
                + typeDefaults + ", defaultOutputTokens=" + defaultOutputTokens + "]";
    }

    /** Builds {@link RateLimitSettings}; every field starts at its default. Not thread-safe. */
    public static final class Builder {
        private boolean enabled = true;
        private Mode mode = Mode.REJECT;
        private final Map<String, RateLimit> limits = new LinkedHashMap<>();
        private final Map<ProviderType, RateLimit> typeDefaults = new EnumMap<>(ProviderType.class);
        private int defaultOutputTokens = DEFAULT_OUTPUT_TOKENS;

        private Builder() {
        }

        /** Whether limits are enforced at all. */
        public Builder enabled(boolean on) {
            this.enabled = on;
            return this;
        }

        /** What happens when no deployment has room. */
        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** Replaces the per-model-group limits. */
        public Builder limits(Map<String, RateLimit> byGroup) {
            limits.clear();
            limits.putAll(byGroup);
            return this;
        }

        /** Sets (or replaces) the limit of one model group. */
        public Builder limit(String group, RateLimit limit) {
            limits.put(group, limit);
            return this;
        }

        /** Replaces the per provider type defaults (an empty map: no type defaults at all). */
        public Builder typeDefaults(Map<ProviderType, RateLimit> byType) {
            typeDefaults.clear();
            typeDefaults.putAll(byType);
            return this;
        }

        /** The output tokens reserved for a request that sets no maximum. */
        public Builder defaultOutputTokens(int n) {
            this.defaultOutputTokens = n;
            return this;
        }

        /** @throws NullPointerException when the mode, a key or a value is null */
        public RateLimitSettings build() {
            return new RateLimitSettings(this);
        }
    }
}
