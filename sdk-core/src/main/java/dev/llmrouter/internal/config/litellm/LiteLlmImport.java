package dev.llmrouter.internal.config.litellm;

import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.internal.config.bind.BindContext;
import dev.llmrouter.internal.config.bind.Section;
import dev.llmrouter.internal.config.yaml.YNode;
import java.util.Set;

/**
 * Binds a LiteLLM document: {@code model_list} first (the groups the settings refer to), then the
 * settings; other top-level keys are warnings. Thread-safe (static helpers).
 */
public final class LiteLlmImport {
    private static final Set<String> TOP = Set.of("model_list", "router_settings", "litellm_settings", "general_settings");

    private LiteLlmImport() {
    }

    /** The configuration described by {@code top}; problems go to {@code ctx}. */
    public static RouterConfig bind(Section top, BindContext ctx) {
        for (YNode.Entry e : top.node().entries()) {
            if (!TOP.contains(e.key())) {
                ctx.problems().warningAt(e.keyLocation(), "'" + e.key() + "' has no llmrouter equivalent and is ignored",
                        e.key().equals("environment_variables") ? "set the variables in the environment instead"
                                : "llmrouter reads model_list, router_settings, litellm_settings and general_settings");
            }
        }
        ModelListImporter models = new ModelListImporter(ctx);
        top.entry("model_list").ifPresent(e -> models.read(e.value()));
        SettingsImporter settings = new SettingsImporter(ctx);
        var groups = models.groups();
        settings.read(top, groups, models.anyOrder());
        RouterConfig.Builder b = RouterConfig.builder();
        models.providers().values().forEach(b::provider);
        groups.values().forEach(b::model);
        settings.aliases().forEach(b::alias);
        return b.fallbacks(settings.fallbacks()).routerSettings(settings.settings()).cache(settings.cache())
                .redis(settings.redis()).build();
    }
}
