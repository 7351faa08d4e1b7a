package dev.llmrouter.internal.routing;

import dev.llmrouter.api.FailureKind;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.internal.http.PooledConnections;

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
    /** Whether this turn has let off its one failure on a reused connection. */
    private boolean reusedConnectionLetOff;
    /** Set when the last attempt was let off: the next one uses no retry. */
    private boolean freeAttempt;

    GroupRun(RequestState state, ModelGroup group, long requestDeadline) {
        this.state = state;
        this.group = group;
        this.requestDeadline = requestDeadline;
    }

    /**
     * True, once per turn, for a connection failure before any response on a reused keep-alive
     * connection ({@link PooledConnections#failedOnReusedConnection}): what a server closing an idle
     * connection as the request arrives looks like, so the attempt is not held against the
     * deployment's circuit and the next one uses no retry. A second such failure in the turn is
     * the server's: one that fails every request must still open its circuit.
     */
    boolean letOff(LlmRouterException failure) {
        if (reusedConnectionLetOff || failure.failureKind() != FailureKind.CONNECTION
                || !PooledConnections.failedOnReusedConnection(failure)) {
            return false;
        }
        reusedConnectionLetOff = true;
        freeAttempt = true;
        return true;
    }

    /** True once after an attempt was {@link #letOff let off}: the attempt after it uses no retry. */
    boolean takeFreeAttempt() {
        boolean free = freeAttempt;
        freeAttempt = false;
        return free;
    }

    /** The nearer of the request and overall deadlines. */
    long deadline() {
        long overall = state.scope.overallDeadline();
        return requestDeadline - overall < 0 ? requestDeadline : overall;
    }
}
