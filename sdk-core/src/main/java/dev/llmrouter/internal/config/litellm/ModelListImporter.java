package dev.llmrouter.internal.config.litellm;

import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.config.Secret;
import dev.llmrouter.internal.config.Location;
import dev.llmrouter.internal.config.Paths;
import dev.llmrouter.internal.config.bind.BindContext;
import dev.llmrouter.internal.config.bind.Section;
import dev.llmrouter.internal.config.yaml.YNode;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads LiteLLM's {@code model_list} into providers and model groups. LiteLLM has no providers:
 * deployments that share a type, {@code api_base} and key become one provider, named after
 * {@code model_info.llmrouter_provider} when an llmrouter export wrote it, else after the type
 * ({@code vllm}, {@code vllm-2}, ...). Per-deployment {@code timeout} and {@code stream_timeout}
 * stay per deployment; {@code rpm}/{@code tpm} are taken where written and never invented. A key
 * not written is read from the variable LiteLLM reads for that provider. Settings without an
 * llmrouter equivalent are warnings; a deployment llmrouter cannot serve is skipped with a warning,
 * the rest of the file is imported. Not thread-safe: one per import.
 */
final class ModelListImporter {
    private static final Set<String> ENTRY_KEYS = Set.of("model_name", "litellm_params", "model_info", "rpm", "tpm");
    private static final Set<String> PARAM_KEYS = Set.of("model", "api_base", "api_key", "rpm", "tpm", "weight", "order",
            "max_parallel_requests", "timeout", "stream_timeout", "input_cost_per_token", "output_cost_per_token", "tags",
            "mock_response", "api_version");
    private static final Set<String> INFO_KEYS = Set.of(ExportBuilder.INFO_PROVIDER, ExportBuilder.INFO_TYPE,
            ExportBuilder.INFO_GROUP_RPM, ExportBuilder.INFO_GROUP_TPM, ExportBuilder.INFO_PROVIDER_PARALLEL,
            "max_input_tokens", "input_cost_per_token", "output_cost_per_token", "id");

    private final BindContext ctx;
    private final Map<String, ProviderDraft> providers = new LinkedHashMap<>();
    private final Map<String, List<DeploymentConfig>> deployments = new LinkedHashMap<>();
    private final Map<String, RateLimit> groupLimits = new LinkedHashMap<>();
    private final Map<String, DeploymentConfig> byId = new LinkedHashMap<>();
    private final Set<String> skippedGroups = new LinkedHashSet<>();
    private boolean anyOrder;

    ModelListImporter(BindContext ctx) {
        this.ctx = ctx;
    }

    /** A provider being assembled from the deployments that use it. */
    private static final class ProviderDraft {
        final ProviderConfig.Builder builder;
        final ProviderType type;
        final String baseUrl;
        final KeySource keySource;

        ProviderDraft(ProviderConfig.Builder builder, ProviderType type, String baseUrl, KeySource keySource) {
            this.builder = builder;
            this.type = type;
            this.baseUrl = baseUrl;
            this.keySource = keySource;
        }
    }

    /** What tells two deployments' credentials apart: the key's variable, else its inline value; the API version. */
    private record KeySource(String variable, Secret inline, String apiVersion) {
    }

    void read(YNode node) {
        if (!(node instanceof YNode.Sequence seq)) {
            ctx.problems().errorAt(node.location(), "model_list must be a list, not " + node.describe(),
                    "write one '- model_name: ...' entry per deployment");
            return;
        }
        for (YNode item : seq.items()) {
            if (item instanceof YNode.Mapping m) {
                entry(m);
            } else {
                ctx.problems().errorAt(item.location(), "a model_list entry must be a mapping, not " + item.describe(),
                        "write model_name: and litellm_params:");
            }
        }
    }

    Map<String, ProviderConfig> providers() {
        Map<String, ProviderConfig> out = new LinkedHashMap<>();
        providers.forEach((name, d) -> out.put(name, d.builder.build()));
        return out;
    }

    Map<String, ModelGroupConfig> groups() {
        Map<String, ModelGroupConfig> out = new LinkedHashMap<>();
        deployments.forEach((g, ds) -> {
            if (!ds.isEmpty()) {
                out.put(g, ModelGroupConfig.builder(g).deployments(ds).limit(groupLimits.getOrDefault(g, RateLimit.NONE)).build());
            }
        });
        return out;
    }

    /** The deployments by their {@code model_info.id}, which LiteLLM accepts as fallback targets. */
    Map<String, DeploymentConfig> byId() {
        return byId;
    }

    /** Groups none of whose deployments could be imported (each skipped one was reported). */
    Set<String> skippedGroups() {
        Set<String> out = new LinkedHashSet<>(skippedGroups);
        deployments.forEach((g, ds) -> {
            if (!ds.isEmpty()) {
                out.remove(g);
            }
        });
        return out;
    }

    /** True when some deployment set {@code order} (LiteLLM's tiers, llmrouter's {@code ordered}). */
    boolean anyOrder() {
        return anyOrder;
    }

    private void entry(YNode.Mapping m) {
        Section e = Section.lenient(ctx, m, "model_list");
        warnUnknown(m, ENTRY_KEYS, "model_list entries");
        Optional<String> name = e.string("model_name");
        Optional<YNode.Mapping> params = e.mapping("litellm_params");
        if (name.isEmpty() || params.isEmpty()) {
            ctx.problems().errorAt(m.location(), "a model_list entry needs model_name and litellm_params",
                    "write model_name: group-name and litellm_params: {model: prefix/model}");
            return;
        }
        String group = name.get();
        List<DeploymentConfig> ds = deployments.computeIfAbsent(group, k -> new ArrayList<>());
        ctx.problems().place(Paths.child("models", group), e.entry("model_name").get().value().location());
        String path = Paths.index(Paths.child(Paths.child("models", group), "deployments"), ds.size());
        ctx.problems().place(path, m.location());
        Section p = Section.lenient(ctx, params.get(), path);
        Section info = e.mapping("model_info").map(i -> Section.lenient(ctx, i, path)).orElse(null);
        Optional<DeploymentConfig> d = deployment(group, path, e, p, info);
        if (d.isPresent()) {
            // a skipped deployment's own settings would only repeat its warning
            warnUnknown(params.get(), PARAM_KEYS, "litellm_params");
            if (info != null) {
                warnUnknown(info.node(), INFO_KEYS, "model_info");
            }
        }
        d.ifPresent(ds::add);
        d.ifPresent(x -> Optional.ofNullable(info).flatMap(i -> i.string("id")).ifPresent(id -> byId.put(id, x)));
    }

    private Optional<DeploymentConfig> deployment(String group, String path, Section e, Section p, Section info) {
        Optional<YNode.Scalar> modelNode = p.scalar("model", "text");
        if (modelNode.isEmpty()) {
            ctx.problems().errorAt(p.node().location(), "litellm_params has no model", "write model: prefix/model-name");
            ctx.incompleteModel(group);
            return Optional.empty();
        }
        Location modelAt = modelNode.get().location();
        ProviderType hint = info == null ? null : info.string(ExportBuilder.INFO_TYPE).flatMap(ProviderType::fromWire).orElse(null);
        boolean mock = p.has("mock_response");
        LiteLlmModels.Result r = LiteLlmModels.read(p.text(modelNode.get()), p.string("api_base").orElse(null),
                mock ? ProviderType.MOCK : hint);
        if (r.target() == null) {
            // one deployment llmrouter cannot serve does not reject the file: it is skipped and said so
            ctx.problems().warningAt(modelAt, "deployment of '" + group + "' skipped: " + r.error(), "llmrouter speaks "
                    + "ollama, hosted_vllm, openai (with api_base for any OpenAI-compatible server), azure, deepseek, "
                    + "anthropic and the OpenAI-wire providers (groq, openrouter, together_ai, mistral, ...)");
            skippedGroups.add(group);
            return Optional.empty();
        }
        String provider = provider(r.target(), p, info, modelAt);
        ctx.problems().place(Paths.child(path, "provider"), modelAt);
        DeploymentConfig.Builder b = DeploymentConfig.builder(provider, r.target().model());
        Integer rpm = p.integer("rpm").or(() -> e.integer("rpm")).orElse(null);
        Integer tpm = p.integer("tpm").or(() -> e.integer("tpm")).orElse(null);
        b.limit(new RateLimit(rpm, tpm));
        p.integer("weight").ifPresent(b::weight);
        p.integer("order").ifPresent(o -> {
            anyOrder = true;
            b.order(o);
        });
        p.integer("max_parallel_requests").ifPresent(b::maxParallelRequests);
        p.number("input_cost_per_token").or(() -> info == null ? Optional.empty() : info.number("input_cost_per_token"))
                .ifPresent(b::inputCostPerToken);
        p.number("output_cost_per_token").or(() -> info == null ? Optional.empty() : info.number("output_cost_per_token"))
                .ifPresent(b::outputCostPerToken);
        p.stringList("tags").ifPresent(t -> b.tags(new LinkedHashSet<>(t)));
        p.duration("timeout").ifPresent(b::timeout);
        p.duration("stream_timeout").ifPresent(b::streamTimeout);
        if (info != null) {
            info.integer("max_input_tokens").ifPresent(b::maxInputTokens);
            RateLimit g = new RateLimit(info.integer(ExportBuilder.INFO_GROUP_RPM).orElse(null),
                    info.integer(ExportBuilder.INFO_GROUP_TPM).orElse(null));
            if (g.rpm() != null || g.tpm() != null) {
                groupLimits.merge(group, g, RateLimit::orElse);
            }
        }
        return Optional.of(b.build());
    }

    private String provider(LiteLlmModels.Target t, Section p, Section info, Location at) {
        Secret key = p.scalar("api_key", "text").map(raw -> ImportSecrets.read(raw,
                "the API key of '" + p.path() + "'", ctx)).orElseGet(() -> t.keyVariable() == null ? null
                : Secret.fromEnv(t.keyVariable(), Optional.ofNullable(ctx.interpolator().lookup(t.keyVariable())).orElse("")));
        String apiVersion = p.string("api_version").orElse(null);
        // the same server with another key (variable, or inline value) or API version is another provider
        KeySource keySource = new KeySource(key == null ? null : key.envVariable().orElse(null),
                key == null || key.envVariable().isPresent() ? null : key, apiVersion);
        Optional<String> named = info == null ? Optional.empty() : info.string(ExportBuilder.INFO_PROVIDER);
        String name = named.orElseGet(() -> derivedName(t, keySource));
        ProviderDraft d = providers.get(name);
        if (d == null) {
            ProviderConfig.Builder b = ProviderConfig.builder(name, t.type()).baseUrl(t.baseUrl()).apiKey(key);
            if (t.type() == ProviderType.MOCK) {
                b.mock(Map.of("response", p.string("mock_response").orElse("")));
            }
            if (apiVersion != null) {
                b.apiVersion(apiVersion);
            }
            d = new ProviderDraft(b, t.type(), t.baseUrl(), keySource);
            providers.put(name, d);
            ctx.problems().place(Paths.child("providers", name), at);
            p.entry("api_base").ifPresent(x -> ctx.problems().place(Paths.child(Paths.child("providers", name), "base_url"),
                    x.value().location()));
            p.entry("api_key").ifPresent(x -> ctx.problems().place(Paths.child(Paths.child("providers", name), "api_key"),
                    x.value().location()));
        } else if (d.type != t.type() || !d.baseUrl.equals(t.baseUrl()) || !d.keySource.equals(keySource)) {
            ctx.problems().errorAt(at, "deployments of provider '" + name + "' disagree on its type, api_base or api_key",
                    "give each server its own model_info.llmrouter_provider name");
        }
        if (info != null) {
            ProviderDraft draft = d;
            info.integer(ExportBuilder.INFO_PROVIDER_PARALLEL).ifPresent(draft.builder::maxParallelRequests);
        }
        return name;
    }

    private String derivedName(LiteLlmModels.Target t, KeySource keySource) {
        for (Map.Entry<String, ProviderDraft> e : providers.entrySet()) {
            ProviderDraft d = e.getValue();
            if (d.type == t.type() && d.baseUrl.equals(t.baseUrl()) && Objects.equals(d.keySource, keySource)) {
                return e.getKey();
            }
        }
        String base = t.name();
        String name = base;
        for (int i = 2; providers.containsKey(name); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    private void warnUnknown(YNode.Mapping m, Set<String> known, String where) {
        for (YNode.Entry e : m.entries()) {
            if (!known.contains(e.key()) && !(e.key().equals("mode") && e.value() instanceof YNode.Scalar s && "chat".equals(s.value()))) {
                ctx.problems().warningAt(e.keyLocation(), where + "." + e.key() + " has no llmrouter equivalent and is ignored",
                        "set it per request, or drop it");
            }
        }
    }
}
