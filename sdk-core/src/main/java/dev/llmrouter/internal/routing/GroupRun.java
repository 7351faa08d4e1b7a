package dev.llmrouter.internal.routing;

import dev.llmrouter.api.LlmRouterException;

/**
 * One model group's turn within a request: its request deadline (already clipped by the overall
 * one), the attempts made, the last failure, and the context window a retry must exceed after a
 * context-window failure. Used by the request's one thread.
 */
final class GroupRun {
    final RequestState state;
    final ModelGroup group;
    final long requestDeadline;
    int attempts;
    LlmRouterException lastFailure;
    /** After a context-window failure on a deployment of window W: only windows above W qualify; else -1. */
    long windowAbove = -1;

    GroupRun(RequestState state, ModelGroup group, long requestDeadline) {
        this.state = state;
        this.group = group;
        this.requestDeadline = requestDeadline;
    }

    /** The nearer of the request and overall deadlines. */
    long deadline() {
        long overall = state.scope.overallDeadline();
        return requestDeadline - overall < 0 ? requestDeadline : overall;
    }
}
