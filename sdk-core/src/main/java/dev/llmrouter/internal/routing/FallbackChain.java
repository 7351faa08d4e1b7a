package dev.llmrouter.internal.routing;

import dev.llmrouter.api.FailureKind;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.config.FallbackConfig;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the model group to fall back to after a group failed (DESIGN 4.6). The chain is picked
 * by the failure's kind, always from the requested group's configuration: {@code fallbacks} (or,
 * for a group without its own, {@code default_fallbacks}) for general failures,
 * {@code context_window_fallbacks} for a prompt too long, {@code content_policy_fallbacks} for a
 * refusal, and none for the caller's own bad request. A request's
 * {@link RequestOptions#fallbacks()} replaces every configured chain; {@code disableFallbacks()}
 * turns fallback off. Each group is tried at most once per request, and a group with no deployment
 * that {@linkplain ContextWindows fits} the request is skipped. Thread-safe.
 */
final class FallbackChain {
    private static final Logger LOG = LoggerFactory.getLogger(FallbackChain.class);

    private final FallbackConfig config;
    private final ModelResolver resolver;
    private final ContextWindows windows;

    FallbackChain(FallbackConfig config, ModelResolver resolver, ContextWindows windows) {
        this.config = config;
        this.resolver = resolver;
        this.windows = windows;
    }

    /** The next group to try after {@code failure}, skipping {@code tried} (which gains any group skipped here). */
    Optional<ModelGroup> next(RequestState st, LlmRouterException failure, Set<String> tried) {
        RequestOptions options = st.request.options();
        FailureKind.Fallback kind = failure.failureKind().fallback();
        if (options.fallbacksDisabled() || kind == FailureKind.Fallback.NONE) {
            return Optional.empty();
        }
        List<String> chain = options.fallbacks().orElseGet(() -> configured(st.group, kind));
        for (String name : chain) {
            ModelGroup g = resolver.resolve(name);
            if (!tried.add(g.name)) {
                continue;
            }
            if (!windows.fits(st, g)) {
                LOG.debug("fallback {} skipped: ~{} tokens of prompt and output fit none of its context windows", g.name,
                        ContextWindows.needed(st));
                continue;
            }
            return Optional.of(g);
        }
        return Optional.empty();
    }

    /** The chain configured for the group: under the requested name, else (a wildcard group) under its pattern. */
    private List<String> configured(ModelGroup g, FailureKind.Fallback kind) {
        boolean own = switch (kind) {
            case GENERAL -> config.general().containsKey(g.name);
            case CONTEXT_WINDOW -> config.contextWindow().containsKey(g.name);
            case CONTENT_POLICY -> config.contentPolicy().containsKey(g.name);
            case NONE -> true;
        };
        return configured(own ? g.name : g.configured, kind);
    }

    private List<String> configured(String group, FailureKind.Fallback kind) {
        return switch (kind) {
            case GENERAL -> config.general().containsKey(group) ? config.general().get(group) : config.defaults();
            case CONTEXT_WINDOW -> config.contextWindow().getOrDefault(group, List.of());
            case CONTENT_POLICY -> config.contentPolicy().getOrDefault(group, List.of());
            case NONE -> List.of();
        };
    }
}
