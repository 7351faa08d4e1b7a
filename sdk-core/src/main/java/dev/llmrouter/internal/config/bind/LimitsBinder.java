package dev.llmrouter.internal.config.bind;

import dev.llmrouter.config.RateLimit;
import dev.llmrouter.config.RateLimitSettings;
import dev.llmrouter.internal.config.Paths;
import dev.llmrouter.internal.config.Suggestions;
import dev.llmrouter.internal.config.yaml.YNode;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Binds {@code rate_limit_settings}: {@code enabled}, {@code mode} (reject|wait), per-model
 * {@code limits} (merged into the groups by {@code RouterConfig.Builder}), {@code preset: seed} (the
 * seed's per-type table, turned on explicitly), per-type {@code defaults} merged over the preset
 * field by field, and {@code default_output_tokens}.
 * Thread-safe (static helpers).
 */
final class LimitsBinder {
    static final List<String> KEYS = List.of("enabled", "mode", "preset", "limits", "defaults",
            "default_output_tokens");
    private static final List<String> LIMIT_KEYS = List.of("rpm", "tpm");
    private static final List<String> TYPES = Arrays.stream(ProviderType.values()).map(ProviderType::wireName).toList();

    private LimitsBinder() {
    }

    static RateLimitSettings bind(Section top, BindContext ctx) {
        RateLimitSettings d = RateLimitSettings.DEFAULTS;
        Optional<Section> section = top.section("rate_limit_settings", KEYS, "rate_limit_settings");
        if (section.isEmpty()) {
            return d;
        }
        Section s = section.get();
        RateLimitSettings.Mode mode = s.string("mode").map(m -> mode(m, s, ctx)).orElse(d.mode());
        Map<String, RateLimit> limits = new LinkedHashMap<>();
        s.mapping("limits").ifPresent(m -> limits(m, s.path("limits"), ctx).forEach(limits::put));
        Map<ProviderType, RateLimit> defaults = new EnumMap<>(ProviderType.class);
        s.string("preset").ifPresent(name -> {
            if (name.trim().equals(RateLimitSettings.SEED_PRESET)) {
                defaults.putAll(RateLimitSettings.seedTypeDefaults());
            } else {
                ctx.problems().error(s.path("preset"), "unknown rate limit preset '" + name + "'",
                        "the only preset is " + RateLimitSettings.SEED_PRESET + " (the seed's per-type table)");
            }
        });
        s.mapping("defaults").ifPresent(m -> limits(m, s.path("defaults"), ctx).forEach((type, limit) -> {
            Optional<ProviderType> t = ProviderType.fromWire(type);
            if (t.isEmpty()) {
                ctx.problems().error(Paths.child(s.path("defaults"), type), "unknown provider type '" + type + "'",
                        Suggestions.hint(type, TYPES, "types"));
            } else {
                defaults.put(t.get(), limit.orElse(defaults.getOrDefault(t.get(), RateLimit.NONE)));
            }
        }));
        return RateLimitSettings.builder().enabled(s.bool("enabled").orElse(d.enabled())).mode(mode).limits(limits)
                .typeDefaults(defaults).defaultOutputTokens(s.integer("default_output_tokens").orElse(d.defaultOutputTokens()))
                .build();
    }

    private static RateLimitSettings.Mode mode(String m, Section s, BindContext ctx) {
        return switch (m.trim().toLowerCase(Locale.ROOT)) {
            case "reject" -> RateLimitSettings.Mode.REJECT;
            case "wait" -> RateLimitSettings.Mode.WAIT;
            default -> {
                ctx.problems().error(s.path("mode"), "unknown rate limit mode '" + m + "'",
                        Suggestions.hint(m, List.of("reject", "wait"), "modes"));
                yield RateLimitSettings.Mode.REJECT;
            }
        };
    }

    private static Map<String, RateLimit> limits(YNode.Mapping m, String path, BindContext ctx) {
        Map<String, RateLimit> out = new LinkedHashMap<>();
        for (YNode.Entry e : m.entries()) {
            String p = Paths.child(path, e.key());
            ctx.problems().place(p, e.keyLocation());
            if (!(e.value() instanceof YNode.Mapping lm)) {
                ctx.problems().errorAt(e.value().location(), "the limits of '" + e.key() + "' must be {rpm: n, tpm: n}, not "
                        + e.value().describe(), "write " + e.key() + ": {rpm: 100, tpm: 50000}");
                continue;
            }
            Section s = new Section(ctx, lm, p, LIMIT_KEYS, "the limits of '" + e.key() + "'");
            out.put(e.key(), new RateLimit(s.integer("rpm").orElse(null), s.integer("tpm").orElse(null)));
        }
        return out;
    }
}
