package dev.llmrouter.internal.config.bind;

import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.ProviderStatus;
import dev.llmrouter.config.Secret;
import dev.llmrouter.internal.config.Location;
import dev.llmrouter.internal.config.Paths;
import dev.llmrouter.internal.config.Suggestions;
import dev.llmrouter.internal.config.yaml.YNode;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Binds {@code providers:}. A missing environment variable inside a provider is an error only when
 * the provider is active (seed check 9); keys that do nothing for the provider's type are
 * warnings; an API key written inline is a warning. Thread-safe (static helpers).
 */
final class ProviderBinder {
    static final List<String> KEYS = List.of("type", "base_url", "status", "note", "api_key", "api_key_env", "headers",
            "max_parallel_requests", "rpm", "tpm", "health_path", "allow_insecure_http", "timeout", "default_max_tokens",
            "keep_alive", "num_ctx", "anthropic_version", "max_response_bytes", "max_line_bytes", "mock", "api_version");
    private static final List<String> TYPES = Arrays.stream(ProviderType.values()).map(ProviderType::wireName).toList();
    private static final Pattern WHOLE_REFERENCE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?}");
    private static final Map<String, ProviderType> ONLY_FOR = Map.of("default_max_tokens", ProviderType.ANTHROPIC,
            "anthropic_version", ProviderType.ANTHROPIC, "keep_alive", ProviderType.OLLAMA, "num_ctx", ProviderType.OLLAMA,
            "api_version", ProviderType.AZURE);

    private ProviderBinder() {
    }

    static Map<String, ProviderConfig> bind(Section top, BindContext ctx) {
        Map<String, ProviderConfig> out = new LinkedHashMap<>();
        Optional<YNode.Mapping> providers = top.mapping("providers");
        if (providers.isEmpty()) {
            return out;
        }
        for (YNode.Entry e : providers.get().entries()) {
            String path = Paths.child("providers", e.key());
            ctx.problems().place(path, e.keyLocation());
            if (!(e.value() instanceof YNode.Mapping m)) {
                ctx.problems().errorAt(e.value().location(), "provider '" + e.key() + "' must be a mapping of settings, not "
                        + e.value().describe(), "write type:, base_url: and the other settings under it");
                ctx.brokenProvider(e.key());
                continue;
            }
            bindOne(e.key(), e.keyLocation(), new Section(ctx, m, path, KEYS, "provider '" + e.key() + "'"), ctx)
                    .ifPresentOrElse(p -> out.put(p.name(), p), () -> ctx.brokenProvider(e.key()));
        }
        return out;
    }

    private static Optional<ProviderConfig> bindOne(String name, Location keyAt, Section s, BindContext ctx) {
        Optional<ProviderType> type = type(name, keyAt, s, ctx);
        ProviderConfig.Builder b = ProviderConfig.builder(name, type.orElse(ProviderType.OPENAI_COMPATIBLE));
        ProviderStatus[] status = {ProviderStatus.ACTIVE};
        List<MissingVariable> missing = ctx.collectingMissing(() -> {
            status[0] = status(s, ctx);
            b.status(status[0]);
            s.string("base_url").ifPresent(b::baseUrl);
            s.string("note").ifPresent(b::note);
            apiKey(name, s, ctx).or(() -> s.has("api_key") || s.has("api_key_env") ? Optional.empty()
                    : type.flatMap(t -> sdkKey(t, ctx))).ifPresent(b::apiKey);
            s.mapping("headers").ifPresent(h -> headers(h, s, ctx, b));
            s.integer("max_parallel_requests").ifPresent(b::maxParallelRequests);
            s.integer("rpm").ifPresent(b::rpm);
            s.integer("tpm").ifPresent(b::tpm);
            s.string("health_path").ifPresent(b::healthPath);
            s.bool("allow_insecure_http").ifPresent(b::allowInsecureHttp);
            s.duration("timeout").ifPresent(b::attemptTimeout);
            s.integer("default_max_tokens").ifPresent(b::defaultMaxTokens);
            s.scalar("keep_alive", "a duration or number").ifPresent(v -> b.keepAlive(s.text(v)));
            s.integer("num_ctx").ifPresent(b::numCtx);
            s.string("anthropic_version").ifPresent(b::anthropicVersion);
            s.string("api_version").ifPresent(b::apiVersion);
            positive(s, "max_response_bytes", ctx).ifPresent(b::maxResponseBytes);
            positive(s, "max_line_bytes", ctx).ifPresent(n -> b.maxLineBytes(n.intValue()));
            s.mapping("mock").ifPresent(m -> b.mock(MockBinder.bind(m, s.path("mock"), ctx)));
        });
        if (status[0] == ProviderStatus.ACTIVE) {
            for (MissingVariable v : missing) {
                ctx.problems().errorAt(v.at(), "environment variable " + v.name() + " is not set (needed by active provider '"
                        + name + "')", "export " + v.name() + " before starting, give a default with ${" + v.name()
                        + ":-value}, or set status: disabled");
            }
        }
        if (type.isEmpty()) {
            return Optional.empty();
        }
        typeSpecific(type.get(), s, ctx);
        return Optional.of(b.build());
    }

    private static Optional<ProviderType> type(String name, Location keyAt, Section s, BindContext ctx) {
        Optional<String> t = s.string("type");
        if (t.isEmpty()) {
            if (!s.node().get("type").isPresent()) {
                ctx.problems().errorAt(keyAt, "provider '" + name + "' has no type", "add type: one of " + String.join(", ", TYPES));
            }
            return Optional.empty();
        }
        Optional<ProviderType> type = ProviderType.fromWire(t.get());
        if (type.isEmpty()) {
            ctx.problems().error(s.path("type"), "unknown provider type '" + t.get() + "'",
                    Suggestions.hint(t.get(), TYPES, "types"));
        }
        return type;
    }

    private static ProviderStatus status(Section s, BindContext ctx) {
        Optional<String> st = s.string("status");
        if (st.isEmpty()) {
            return ProviderStatus.ACTIVE;
        }
        return switch (st.get().trim().toLowerCase(Locale.ROOT)) {
            case "active" -> ProviderStatus.ACTIVE;
            case "disabled" -> ProviderStatus.DISABLED;
            default -> {
                ctx.problems().error(s.path("status"), "unknown status '" + st.get() + "'",
                        Suggestions.hint(st.get(), List.of("active", "disabled"), "statuses"));
                yield ProviderStatus.ACTIVE;
            }
        };
    }

    /**
     * The API key from {@code api_key} or {@code api_key_env}. When the key is exactly one
     * variable reference and that variable is missing, the key is kept empty with the variable's
     * name, and the provider rule reports it (for active providers only) naming the variable;
     * a missing variable inside a longer text is reported here like any other.
     */
    private static Optional<Secret> apiKey(String name, Section s, BindContext ctx) {
        String suggested = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_") + "_API_KEY";
        if (s.has("api_key") && s.has("api_key_env")) {
            ctx.problems().error(s.path("api_key_env"), "provider '" + name + "' sets both api_key and api_key_env",
                    "keep one of them");
        }
        Optional<YNode.Scalar> raw = s.scalar("api_key", "text");
        if (raw.isPresent()) {
            String[] value = new String[1];
            List<MissingVariable> missing = ctx.collectingMissing(() -> value[0] = s.text(raw.get()));
            List<String> vars = Interpolator.references(raw.get().value());
            if (vars.isEmpty()) {
                ctx.problems().warningAt(raw.get().location(), "API key of provider '" + name + "' is written inline",
                        "use api_key: \"${" + suggested + "}\" or api_key_env: " + suggested + " so the key stays out of the file");
                return Optional.of(Secret.of(value[0]));
            }
            if (!WHOLE_REFERENCE.matcher(raw.get().value().trim()).matches()
                    && Interpolator.litellmReference(raw.get().value()).isEmpty()) {
                missing.forEach(ctx::missing);
            }
            return Optional.of(Secret.fromEnv(vars.get(0), value[0]));
        }
        Optional<YNode.Scalar> env = s.scalar("api_key_env", "a variable name");
        if (env.isEmpty()) {
            return Optional.empty();
        }
        ctx.problems().place(s.path("api_key"), env.get().location());
        String var = s.text(env.get()).trim();
        if (!Interpolator.isName(var)) {
            ctx.problems().errorAt(env.get().location(), "api_key_env must name an environment variable (the value written is not one,"
                    + " and is not shown in case it is the key itself)",
                    "write the variable's name, such as api_key_env: " + suggested);
            return Optional.empty();
        }
        String value = ctx.interpolator().lookup(var);
        return Optional.of(Secret.fromEnv(var, value == null ? "" : value));
    }

    /**
     * The key the official SDKs read when none is configured ({@code OPENAI_API_KEY},
     * {@code ANTHROPIC_API_KEY}, {@code DEEPSEEK_API_KEY}), when that variable is set; else none,
     * and the provider rule reports the missing key naming both places.
     */
    private static Optional<Secret> sdkKey(ProviderType type, BindContext ctx) {
        return dev.llmrouter.internal.config.SdkKeys.variable(type).flatMap(var -> Optional.ofNullable(ctx.interpolator().lookup(var))
                .map(v -> Secret.fromEnv(var, v)));
    }

    private static void headers(YNode.Mapping h, Section s, BindContext ctx, ProviderConfig.Builder b) {
        for (YNode.Entry e : h.entries()) {
            String path = Paths.child(s.path("headers"), e.key());
            if (e.value() instanceof YNode.Scalar v && !v.isNull()) {
                ctx.problems().place(path, v.location());
                b.header(e.key(), s.text(v));
            } else {
                ctx.problems().errorAt(e.value().location(), "header '" + e.key() + "' must be text, not " + e.value().describe(),
                        "write 'Header-Name: value'");
            }
        }
    }

    private static Optional<Long> positive(Section s, String key, BindContext ctx) {
        return s.longInteger(key).filter(n -> {
            if (n <= 0 || (key.equals("max_line_bytes") && n > Integer.MAX_VALUE)) {
                ctx.problems().error(s.path(key), key + " must be a positive number of bytes, got " + n,
                        "leave it out for the default");
                return false;
            }
            return true;
        });
    }

    private static void typeSpecific(ProviderType type, Section s, BindContext ctx) {
        ONLY_FOR.forEach((key, only) -> {
            if (type != only && s.has(key)) {
                ctx.problems().warning(s.path(key), "'" + key + "' has no effect on a provider of type " + type.wireName(),
                        "it applies to " + only.wireName() + " only; remove it");
            }
        });
        if (type == ProviderType.MOCK && s.has("base_url")) {
            ctx.problems().warning(s.path("base_url"), "a mock provider calls no server, so base_url is not used",
                    "remove base_url");
        }
    }
}
