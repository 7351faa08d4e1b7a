package dev.llmrouter.internal.routing;

import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.FailureKind;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.NoDeploymentAvailableException;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.RateLimitExceededException;
import dev.llmrouter.api.RequestTimeoutException;
import dev.llmrouter.config.Backoff;
import dev.llmrouter.config.RateLimitSettings;
import dev.llmrouter.spi.state.Admission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Runs one model group for a request: the request deadline, then select, attempt, and on a
 * failure retry up to {@code num_retries} times while the failure allows it (DESIGN 4.2; a failure
 * on a reused connection the server had closed gets one more attempt, once a turn, see
 * {@link GroupRun#letOff}): at once
 * on another deployment when one that has not failed remains, else on the same one after the
 * server's retry hint or backoff with jitter (when its circuit let it be tried again; a deployment
 * whose circuit opened is waited for only with {@code wait_for_recovery}). A wait that would pass the request or overall
 * deadline is not started: the group fails now. When no deployment can be admitted it waits inside
 * the deadline for the earliest recovery (with {@code wait_for_recovery}) or rate-limit permit
 * (with {@code mode: wait}), else fails with {@link RateLimitExceededException},
 * {@link NoDeploymentAvailableException} or, when every deployment is too small for the prompt,
 * {@link ContextWindowExceededException}. Thread-safe.
 */
final class GroupExecutor {
    private static final long MIN_WAIT = Duration.ofMillis(1).toNanos();

    /** The work of one attempt: a chat or the opening of a stream. */
    @FunctionalInterface
    interface Call<T> {
        T run(GroupRun run, Deployment deployment, Admission admission);
    }

    private final DeploymentSelector selector;
    private final Events events;
    private final Backoff backoff;
    private final boolean waitForRecovery;
    private final boolean waitForPermits;

    GroupExecutor(DeploymentSelector selector, Events events, Backoff backoff, boolean waitForRecovery,
                  RateLimitSettings.Mode mode) {
        this.selector = selector;
        this.events = events;
        this.backoff = backoff;
        this.waitForRecovery = waitForRecovery;
        this.waitForPermits = mode == RateLimitSettings.Mode.WAIT;
    }

    <T> T run(RequestState st, ModelGroup group, Call<T> call) {
        RequestScope scope = st.scope;
        scope.checkAlive();
        GroupRun run = new GroupRun(st, group, scope.now() + st.limits.request().toNanos());
        int allowed = 1 + st.limits.numRetries();
        while (true) {
            scope.checkAlive();
            if (scope.now() - run.requestDeadline >= 0) {
                throw requestTimeout(run);
            }
            DeploymentSelector.Selection sel = selector.select(run);
            if (!sel.granted()) {
                if (sel.waitedOut()) {
                    // queued for a slot until the deadline: that is a timeout, whichever timer fires first
                    if (run.deadline() == scope.overallDeadline()) {
                        scope.expireNow();
                    }
                    throw requestTimeout(run);
                }
                long wait = blockedWait(run, sel.skips());
                if (wait > 0) {
                    scope.sleep(wait);
                    continue;
                }
                throw blocked(run, sel.skips());
            }
            run.attempts++;
            Deployment d = sel.deployment();
            try {
                return call.run(run, d, sel.admission());
            } catch (LlmRouterException e) {
                scope.checkAlive();
                run.lastFailure = e;
                // a failure on a reused connection the server had closed (let off once a turn): the
                // deployment is not at fault, so it stays a candidate, the next attempt uses no retry and goes at once
                boolean free = run.takeFreeAttempt();
                if (free) {
                    allowed++;
                } else {
                    st.failed.add(d);
                }
                if (scope.now() - run.requestDeadline >= 0) {
                    throw requestTimeout(run);
                }
                if (run.attempts >= allowed || !retryable(run, d, e)) {
                    throw e;
                }
                // no wait when another deployment can be tried now, nor when none can (all circuits
                // open): then the selection decides, waiting only with wait_for_recovery
                long delay = free || selector.hasFreshCandidate(run) || !selector.hasAnyCandidate(run) ? 0
                        : RetryDelays.delay(backoff, run.attempts, e, ThreadLocalRandom.current());
                if (delay > 0 && scope.now() + delay - run.deadline() >= 0) {
                    throw e;
                }
                events.retry(st.info, d, run.attempts, Duration.ofNanos(delay), e);
                if (delay > 0) {
                    scope.sleep(delay);
                }
            }
        }
    }

    private static boolean retryable(GroupRun run, Deployment d, LlmRouterException e) {
        if (e.failureKind() == FailureKind.CONTEXT_WINDOW) {
            // retried in the group only on a deployment with a larger declared window
            Integer w = d.config().maxInputTokens().orElse(null);
            if (w != null && run.group.hasWindowLargerThan(w)) {
                run.windowAbove = Math.max(run.windowAbove, w);
                return true;
            }
            return false;
        }
        return e.retryable();
    }

    /** How long to wait for a permit or a recovery, or 0 when the group should fail now. */
    private long blockedWait(GroupRun run, List<DeploymentSelector.Skip> skips) {
        RequestScope scope = run.state.scope;
        long now = scope.now();
        long best = Long.MAX_VALUE;
        for (DeploymentSelector.Skip s : skips) {
            long wait = -1;
            if (s.reason() == DeploymentSelector.Reason.RATE_LIMITED && waitForPermits) {
                wait = s.retryAfter().toNanos();
            } else if (s.reason() == DeploymentSelector.Reason.CIRCUIT_OPEN && waitForRecovery) {
                if (s.recoversAt() != null) {
                    wait = Duration.between(run.state.scope.wallNow(), s.recoversAt()).toNanos();
                } else {
                    wait = s.retryAfter().toNanos();
                }
            }
            if (wait >= 0) {
                best = Math.min(best, Math.max(MIN_WAIT, wait));
            }
        }
        if (best == Long.MAX_VALUE || now + best - run.deadline() >= 0) {
            return 0;
        }
        return best;
    }

    private static LlmRouterException blocked(GroupRun run, List<DeploymentSelector.Skip> skips) {
        String why = skips.stream().map(Object::toString).collect(Collectors.joining("; "));
        String message = "no deployment of model group '" + run.group.name + "' is available"
                + (why.isEmpty() ? " (it has no deployments)" : ": " + why);
        boolean allTooSmall = !skips.isEmpty()
                && skips.stream().allMatch(s -> s.reason() == DeploymentSelector.Reason.CONTEXT);
        if (allTooSmall) {
            return new ContextWindowExceededException("", ProviderError.builder(0).type("invalid_request_error")
                    .code("context_length_exceeded").message(message).build(), message, run.lastFailure);
        }
        Duration soonest = null;
        Instant recovery = null;
        boolean rateLimited = false;
        for (DeploymentSelector.Skip s : skips) {
            if (s.reason() == DeploymentSelector.Reason.RATE_LIMITED) {
                rateLimited = true;
                soonest = soonest == null || s.retryAfter().compareTo(soonest) < 0 ? s.retryAfter() : soonest;
            } else if (s.reason() == DeploymentSelector.Reason.CIRCUIT_OPEN && s.recoversAt() != null) {
                recovery = recovery == null || s.recoversAt().isBefore(recovery) ? s.recoversAt() : recovery;
            }
        }
        if (rateLimited) {
            Duration untilRecovery = recovery == null ? null : Duration.between(run.state.scope.wallNow(), recovery);
            if (untilRecovery != null && !untilRecovery.isNegative() && untilRecovery.compareTo(soonest) < 0) {
                soonest = untilRecovery;
            }
            return new RateLimitExceededException(message, soonest);
        }
        return new NoDeploymentAvailableException(message, recovery, run.lastFailure);
    }

    private static RequestTimeoutException requestTimeout(GroupRun run) {
        Duration limit = run.state.limits.request();
        LlmRouterException last = run.lastFailure;
        return new RequestTimeoutException("request timeout of " + limit + " passed for model group '" + run.group.name
                + "' after " + run.attempts + " attempt(s)" + (last == null ? "" : "; last: " + last.getMessage()),
                limit, last);
    }
}
