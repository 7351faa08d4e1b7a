package dev.llmrouter.internal.config.bind;

import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.internal.config.yaml.YNode;
import java.util.List;
import java.util.Map;

/**
 * Turns a merged YAML tree into a {@link RouterConfig}: every section through its binder, every
 * unknown key reported, every value's place recorded for the rules. The result may hold values
 * the rules will reject (a zero rpm, an unknown strategy); a value that cannot even be read (text
 * where a number belongs) is reported and left at its default. Thread-safe (static helpers).
 */
public final class ConfigBinder {
    /** The top-level keys. */
    public static final List<String> TOP_KEYS = List.of("providers", "models", "aliases", "fallbacks",
            "context_window_fallbacks", "content_policy_fallbacks", "default_fallbacks", "fallback_chains",
            "router_settings", "litellm_settings", "rate_limit_settings", "cache", "redis");

    private static final String LITELLM_FILE = "this looks like a LiteLLM proxy config.yaml: import it with "
            + "LiteLlmImporter (CLI: llmrouter import) instead of loading it";
    private static final Map<String, String> ELSEWHERE = Map.of(
            "model_list", LITELLM_FILE,
            "general_settings", LITELLM_FILE,
            "environment_variables", "write ${VAR} where a value is needed; llmrouter reads the process environment");

    private ConfigBinder() {
    }

    /** Binds {@code root}; problems and places go to {@code ctx}. */
    public static RouterConfig bind(YNode.Mapping root, BindContext ctx) {
        Section top = new Section(ctx, root, "", TOP_KEYS, "the top level", ELSEWHERE);
        RouterConfig.Builder b = RouterConfig.builder();
        ProviderBinder.bind(top, ctx).values().forEach(b::provider);
        Map<String, ModelGroupConfig> models = ModelBinder.models(top, ctx);
        models.values().forEach(b::model);
        Map<String, String> aliases = ModelBinder.aliases(top, ctx);
        aliases.forEach(b::alias);
        b.fallbacks(FallbackBinder.bind(top, ctx, models, aliases));
        b.routerSettings(SettingsBinder.bind(top, ctx));
        b.rateLimitSettings(LimitsBinder.bind(top, ctx));
        b.cache(StoreBinder.cache(top, ctx));
        b.redis(StoreBinder.redis(top, ctx));
        return b.build();
    }
}
