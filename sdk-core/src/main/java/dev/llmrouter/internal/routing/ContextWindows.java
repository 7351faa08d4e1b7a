package dev.llmrouter.internal.routing;

import dev.llmrouter.spi.routing.Deployment;


/**
 * The one answer to "does this request fit this deployment, or some deployment of this group",
 * from the declared {@code max_input_tokens}: the prompt estimate plus the requested
 * {@code max_tokens} must fit. The selector's pre-call check and the fallback chain's skip both ask
 * here, so a group the chain picks always has a deployment the selector accepts. With
 * {@code enable_pre_call_checks: false} every request fits: the provider decides. A deployment
 * that declares no window fits any request. Immutable and thread-safe.
 */
final class ContextWindows {
    private final boolean enabled;

    /** @param enabled {@code router_settings.enable_pre_call_checks} */
    ContextWindows(boolean enabled) {
        this.enabled = enabled;
    }

    /** The tokens a context window must hold for {@code st}: prompt estimate plus requested output. */
    static long needed(RequestState st) {
        return st.promptTokens + st.request.maxTokens().orElse(0);
    }

    /** True when {@code d}'s declared window holds the request (or the checks are off, or it declares none). */
    boolean fits(RequestState st, Deployment d) {
        Integer window = d.config().maxInputTokens().orElse(null);
        return !enabled || window == null || needed(st) <= window;
    }

    /** True when some deployment of {@code g} {@linkplain #fits(RequestState, Deployment) fits} the request. */
    boolean fits(RequestState st, ModelGroup g) {
        return !enabled || g.someWindowHolds(needed(st));
    }

    /** Why {@code d} does not fit, for skip reasons and logs. */
    static String shortfall(RequestState st, Deployment d) {
        return "prompt of ~" + st.promptTokens + " tokens + " + st.request.maxTokens().orElse(0)
                + " output exceeds max_input_tokens " + d.config().maxInputTokens().orElse(null);
    }
}
