package dev.llmrouter.internal.config.bind;

import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.internal.config.Paths;
import dev.llmrouter.internal.config.yaml.YNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds {@code models:} (groups and their deployments) and {@code aliases:}. A deployment missing
 * its provider or model is reported and left out; its group is marked incomplete so the rules do
 * not also call it empty. Thread-safe (static helpers).
 */
final class ModelBinder {
    static final List<String> GROUP_KEYS = List.of("deployments", "rpm", "tpm", "cache");
    static final List<String> DEPLOYMENT_KEYS = List.of("provider", "model", "weight", "order", "rpm", "tpm",
            "max_input_tokens", "max_parallel_requests", "input_cost_per_token", "output_cost_per_token", "tags",
            "timeout", "stream_timeout");

    private ModelBinder() {
    }

    static Map<String, ModelGroupConfig> models(Section top, BindContext ctx) {
        Map<String, ModelGroupConfig> out = new LinkedHashMap<>();
        Optional<YNode.Mapping> models = top.mapping("models");
        if (models.isEmpty()) {
            return out;
        }
        for (YNode.Entry e : models.get().entries()) {
            String path = Paths.child("models", e.key());
            ctx.problems().place(path, e.keyLocation());
            if (e.value() instanceof YNode.Scalar sc && sc.isNull()) {
                out.put(e.key(), ModelGroupConfig.of(e.key(), List.of()));
            } else if (e.value() instanceof YNode.Mapping m) {
                out.put(e.key(), group(e.key(), new Section(ctx, m, path, GROUP_KEYS, "model group '" + e.key() + "'"), ctx));
            } else {
                ctx.problems().errorAt(e.value().location(), "model group '" + e.key() + "' must be a mapping, not "
                        + e.value().describe(), "write deployments: and a list of deployments under it");
                ctx.incompleteModel(e.key());
                out.put(e.key(), ModelGroupConfig.of(e.key(), List.of()));
            }
        }
        return out;
    }

    private static ModelGroupConfig group(String name, Section s, BindContext ctx) {
        List<DeploymentConfig> deployments = new ArrayList<>();
        s.entry("deployments").ifPresent(e -> {
            ctx.problems().place(s.path("deployments"), e.keyLocation());
            if (!(e.value() instanceof YNode.Sequence seq)) {
                ctx.problems().errorAt(e.value().location(), "deployments of '" + name + "' must be a list, not "
                        + e.value().describe(), "write one '- {provider: ..., model: ...}' per deployment");
                ctx.incompleteModel(name);
                return;
            }
            for (int i = 0; i < seq.items().size(); i++) {
                String path = Paths.index(s.path("deployments"), i);
                YNode item = seq.items().get(i);
                ctx.problems().place(path, item.location());
                Optional<DeploymentConfig> d = item instanceof YNode.Mapping m
                        ? deployment(new Section(ctx, m, path, DEPLOYMENT_KEYS, "a deployment of '" + name + "'"), ctx)
                        : notAMapping(item, name, ctx);
                d.ifPresentOrElse(deployments::add, () -> ctx.incompleteModel(name));
            }
        });
        RateLimit limit = new RateLimit(s.integer("rpm").orElse(null), s.integer("tpm").orElse(null));
        return ModelGroupConfig.builder(name).deployments(deployments).limit(limit).cache(s.bool("cache").orElse(false))
                .build();
    }

    private static Optional<DeploymentConfig> notAMapping(YNode item, String group, BindContext ctx) {
        ctx.problems().errorAt(item.location(), "a deployment of '" + group + "' must be a mapping, not " + item.describe(),
                "write {provider: name, model: provider-side-model}");
        return Optional.empty();
    }

    private static Optional<DeploymentConfig> deployment(Section s, BindContext ctx) {
        Optional<String> provider = s.string("provider");
        Optional<String> model = s.string("model");
        for (String required : List.of("provider", "model")) {
            if (!s.has(required)) {
                ctx.problems().errorAt(s.node().location(), "deployment has no " + required,
                        required.equals("provider") ? "add provider: with the name of a provider under providers:"
                                : "add model: with the model name the provider knows");
            }
        }
        DeploymentConfig.Builder b = DeploymentConfig.builder(provider.orElse(""), model.orElse(""));
        s.integer("weight").ifPresent(b::weight);
        s.integer("order").ifPresent(b::order);
        s.integer("rpm").ifPresent(b::rpm);
        s.integer("tpm").ifPresent(b::tpm);
        s.integer("max_input_tokens").ifPresent(b::maxInputTokens);
        s.integer("max_parallel_requests").ifPresent(b::maxParallelRequests);
        s.number("input_cost_per_token").ifPresent(b::inputCostPerToken);
        s.number("output_cost_per_token").ifPresent(b::outputCostPerToken);
        s.stringList("tags").ifPresent(t -> b.tags(new LinkedHashSet<>(t)));
        s.duration("timeout").ifPresent(b::timeout);
        s.duration("stream_timeout").ifPresent(b::streamTimeout);
        return provider.isPresent() && model.isPresent() ? Optional.of(b.build()) : Optional.empty();
    }

    static Map<String, String> aliases(Section top, BindContext ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        top.mapping("aliases").ifPresent(m -> {
            Section s = new Section(ctx, m, "aliases", m.entries().stream().map(YNode.Entry::key).toList(), "aliases");
            for (YNode.Entry e : m.entries()) {
                if (e.value() instanceof YNode.Scalar v && v.isNull()) {
                    ctx.problems().errorAt(e.keyLocation(), "alias '" + e.key() + "' names no model",
                            "write " + e.key() + ": model-group-name");
                }
                s.scalar(e.key(), "a model name").ifPresent(v -> out.put(e.key(), s.text(v)));
            }
        });
        return out;
    }
}
