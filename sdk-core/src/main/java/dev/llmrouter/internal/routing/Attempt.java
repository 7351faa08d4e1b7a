package dev.llmrouter.internal.routing;

import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.TimeSource;
import dev.llmrouter.api.AttemptOutcome;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.AttemptTimeoutException;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.FailureKind;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.LlmTimeoutException;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.RequestCancelledException;
import dev.llmrouter.api.StreamBrokenException;
import dev.llmrouter.api.Usage;
import dev.llmrouter.internal.TokenEstimator;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ProviderStream;
import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.AttemptResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One call to one deployment under a granted admission. Builds the {@link CallContext} with the
 * effective limits (attempt = min(attempt timeout, what is left of the request, what is left of
 * overall); for a stream the first-chunk limit likewise, and the stream and idle limits clipped by
 * what is left of overall), binds it to the request so its end cancels the call, then classifies
 * the outcome and settles the admission: the circuit result, the token usage for tpm
 * reconciliation, the latency statistics, the attempt record and the listener events.
 *
 * <p>Tokens charged for tpm: on success the real usage, else the estimate of prompt and answer. A
 * failure where the provider generated nothing is refunded: no response arrived (connection
 * refused, DNS, reset before the headers) or it answered with an error status. Any other failure
 * or cancellation (a timeout after the request went out, a stream broken or closed after it began,
 * a malformed body) may have cost tokens at the provider: the reservation stays, or the prompt
 * estimate plus the text delivered is charged when that is known and larger.
 *
 * <p>An attempt cut short by the request's end (overall timeout, cancellation), or timed out on a
 * limit that an outer deadline had shortened, is settled as cancelled: the deployment did not get
 * its full attempt timeout, so it is not held against its circuit. So is the first failure of a
 * model group's turn before any response on a reused keep-alive connection ({@link GroupRun#letOff}):
 * a server closing an idle connection is not failing. Either stays a counted attempt (rate limits,
 * attempt records, events). Thread-safe; stateless per call.
 */
final class Attempt {
    private static final long MIN_LIMIT = Duration.ofMillis(1).toNanos();

    private final TimeSource time;
    private final StateGate gate;
    private final Events events;

    Attempt(TimeSource time, StateGate gate, Events events) {
        this.time = time;
        this.gate = gate;
        this.events = events;
    }

    /** A stream whose first chunk arrived: what the caller reads next, and what settles it at the end. */
    record Opened(Deployment deployment, String model, Admission admission, ProviderStream stream,
                  CallContext context, List<ChatChunk> head, boolean ended, long startedAt) {
    }

    /**
     * Runs the call under {@code adm} and settles it exactly once, whatever leaves it: an answer, a
     * typed failure, or anything else (an {@link Error} from a listener or an adapter, an
     * exception thrown before the call started). What is not a typed failure is settled as
     * cancelled, not held against the deployment, and rethrown: a lost settlement would keep a
     * concurrency slot forever.
     */
    ChatResponse chat(GroupRun run, Deployment d, Admission adm) {
        try {
            return chatAdmitted(run, d, adm);
        } catch (LlmRouterException e) {
            // typed failures leave through failed(), which settled them: a second settle would cost a store call
            throw e;
        } catch (Throwable t) {
            settleAbandoned(run.state, d, adm, t);
            throw t;
        }
    }

    /** As {@link #chat}, for opening a stream: settled exactly once unless it opens. */
    Opened open(GroupRun run, Deployment d, Admission adm) {
        try {
            return openAdmitted(run, d, adm);
        } catch (LlmRouterException e) {
            // typed failures leave through failed(), which settled them: a second settle would cost a store call
            throw e;
        } catch (Throwable t) {
            settleAbandoned(run.state, d, adm, t);
            throw t;
        }
    }

    /**
     * Settles {@code adm} as cancelled, for what left the attempt untyped. Settling is idempotent
     * (a second settle of an admission does nothing), so an {@link Error} thrown after the
     * settlement (by a listener, say) costs one more store call, not a second settlement.
     */
    private void settleAbandoned(RequestState st, Deployment d, Admission adm, Throwable cause) {
        try {
            gate.settle(st, d, adm, AttemptResult.failed(FailureKind.CANCELLED, null), -1);
        } catch (RuntimeException | Error e) {
            if (e != cause) {
                cause.addSuppressed(e);
            }
        }
    }

    private ChatResponse chatAdmitted(GroupRun run, Deployment d, Admission adm) {
        RequestState st = run.state;
        long attemptLimit = st.limits.attemptFor(d, false).toNanos();
        long limit = Math.max(MIN_LIMIT, Math.min(attemptLimit, run.deadline() - time.nanoTime()));
        CallContext ctx = CallContext.of(Duration.ofNanos(limit));
        events.attemptStarted(st.info, d, st.nextAttemptNumber(), false);
        st.scope.bind(ctx);
        long start = time.nanoTime();
        ChatResponse response = null;
        LlmRouterException failure = null;
        String model = run.group.providerModel(d);
        try {
            response = RouterDeployment.of(d).adapter.chat(st.request, model, ctx);
        } catch (LlmRouterException e) {
            failure = e;
        } catch (Exception e) {
            // a RuntimeException, or a checked one a custom adapter threw undeclared
            failure = unexpected(d, e);
        } finally {
            st.scope.unbind(ctx);
        }
        long took = time.nanoTime() - start;
        if (failure == null && response.finishReason() == FinishReason.CONTENT_FILTER) {
            failure = contentFiltered(d, response.rawFinishReason().orElse("content_filter"),
                    response.providerRequestId().orElse(null));
        }
        if (failure != null) {
            // a filtered answer came with its usage; other failures are settled by how far the call got
            long tokens = response != null ? used(st, response.usage(), response.text()) : failedTokens(st, failure);
            throw failed(st, d, model, adm, failure, took, limit < attemptLimit, run.letOff(failure), tokens);
        }
        succeeded(st, d, model, adm, response.usage(), response.text(), took, 200);
        RouterDeployment.of(d).latency.add(millis(took));
        return response;
    }

    private Opened openAdmitted(GroupRun run, Deployment d, Admission adm) {
        RequestState st = run.state;
        long now = time.nanoTime();
        long attemptLimit = st.limits.attemptFor(d, true).toNanos();
        long firstChunk = Math.max(MIN_LIMIT, Math.min(attemptLimit, run.deadline() - now));
        long overallLeft = st.scope.overallDeadline() - now;
        long stream = Math.max(MIN_LIMIT, Math.min(st.limits.stream().toNanos(), overallLeft));
        long idle = Math.min(st.limits.idle().toNanos(), stream);
        CallContext ctx = CallContext.forStream(Duration.ofNanos(firstChunk), Duration.ofNanos(stream),
                Duration.ofNanos(idle));
        events.attemptStarted(st.info, d, st.nextAttemptNumber(), true);
        st.scope.bind(ctx);
        long start = time.nanoTime();
        ProviderStream ps = null;
        List<ChatChunk> head = new ArrayList<>(2);
        boolean ended = false;
        LlmRouterException failure = null;
        String model = run.group.providerModel(d);
        try {
            ps = RouterDeployment.of(d).adapter.stream(st.request.withModel(model), ctx);
            // chunks that carry nothing visible (a role chunk) are held back, so a failure before the
            // first real chunk can still fail over without the caller having seen anything
            while (true) {
                ChatChunk c = ps.next();
                if (c == null) {
                    ended = true;
                    break;
                }
                head.add(c);
                if (!c.isEmpty()) {
                    break;
                }
            }
        } catch (LlmRouterException e) {
            failure = beforeFirstChunk(d, e);
        } catch (Exception e) {
            failure = unexpected(d, e);
        }
        ChatChunk first = head.isEmpty() ? null : head.get(head.size() - 1);
        if (failure == null && first != null && stoppedBeforeContent(first)) {
            // as for a whole answer: the filter stopped it before the caller saw anything, so the policy chain applies
            failure = contentFiltered(d, first.rawFinishReason(), ps.providerRequestId().orElse(null));
        }
        long took = time.nanoTime() - start;
        if (failure != null) {
            if (ps != null) {
                closeQuietly(ps);
            }
            st.scope.unbind(ctx);
            throw failed(st, d, model, adm, failure, took, firstChunk < attemptLimit, run.letOff(failure),
                    failedTokens(st, failure));
        }
        RouterDeployment.of(d).timeToFirstToken.add(millis(took));
        events.firstChunk(st.info, d, Duration.ofNanos(took));
        return new Opened(d, model, adm, ps, ctx, head, ended, start);
    }

    /** Settles a stream that ended properly. */
    void streamCompleted(RequestState st, Opened o, Usage usage, String text) {
        st.scope.unbind(o.context());
        succeeded(st, o.deployment(), o.model(), o.admission(), usage, text, time.nanoTime() - o.startedAt(), 200);
    }

    /**
     * Settles a stream that failed or was closed after its first chunk; {@code failure} is what the
     * caller sees, {@code deliveredChars} the length of the text it received. The provider has been
     * generating, so the token reservation stays, or more is charged when the delivered text says so.
     */
    void streamFailed(RequestState st, Opened o, LlmRouterException failure, long deliveredChars) {
        st.scope.unbind(o.context());
        closeQuietly(o.stream());
        failed(st, o.deployment(), o.model(), o.admission(), failure, time.nanoTime() - o.startedAt(), false, false,
                spent(st, deliveredChars));
    }

    private void succeeded(RequestState st, Deployment d, String model, Admission adm, Usage usage, String text,
                           long took, int status) {
        gate.settle(st, d, adm, AttemptResult.SUCCESS, used(st, usage, text));
        st.answered(d, model);
        AttemptRecord rec = AttemptRecord.builder(d.id(), d.provider(), model).outcome(AttemptOutcome.SUCCESS)
                .httpStatus(status).latency(Duration.ofNanos(took)).build();
        st.record(d, rec);
        events.usage(st.info, d, usage);
        events.attemptEnded(st.info, d, rec, null);
    }

    private LlmRouterException failed(RequestState st, Deployment d, String model, Admission adm,
                                      LlmRouterException failure, long took, boolean shortened, boolean letOff,
                                      long tokens) {
        LlmRouterException ended = st.scope.endedByNow();
        LlmRouterException seen = ended != null ? ended : failure;
        boolean notHeldAgainst = ended != null || letOff || (failure.failureKind() == FailureKind.TIMEOUT && shortened);
        AttemptResult result = notHeldAgainst ? AttemptResult.failed(FailureKind.CANCELLED, null)
                : AttemptResult.failed(failure.failureKind(), failure.retryAfter().orElse(null));
        gate.settle(st, d, adm, result, tokens);
        if (!notHeldAgainst && failure.failureKind() == FailureKind.TIMEOUT) {
            RouterDeployment.of(d).latency.add(millis(took));
        }
        AttemptRecord rec = AttemptRecord.builder(d.id(), d.provider(), model)
                .outcome(AttemptOutcome.of(seen.failureKind())).httpStatus(failure.status())
                .latency(Duration.ofNanos(took)).build();
        st.record(d, rec);
        events.attemptEnded(st.info, d, rec, seen);
        return seen;
    }

    /** True when {@code c}, the first chunk with something in it, is a content-filter stop with no text or tool call. */
    private static boolean stoppedBeforeContent(ChatChunk c) {
        return c.text().isEmpty() && c.toolCalls().isEmpty() && c.finishReason().orElse(null) == FinishReason.CONTENT_FILTER;
    }

    /**
     * The failure for an answer the provider's content filter stopped: a whole answer, or a stream
     * before anything reached the caller ({@code finish_reason: content_filter}, Anthropic
     * {@code refusal}). Its kind leads to {@code content_policy_fallbacks}.
     */
    private static ContentPolicyException contentFiltered(Deployment d, String rawFinishReason, String requestId) {
        return new ContentPolicyException(d.provider(), ProviderError.builder(200).code("content_filter")
                .message("the provider's content filter stopped the answer").requestId(requestId).build(),
                "answer stopped by the content filter (finish_reason " + rawFinishReason + ")", null);
    }

    /** The tokens an answer used: the reported usage, else the estimate of prompt and answer. */
    private static long used(RequestState st, Usage usage, String text) {
        return usage.isEmpty() ? st.promptTokens + TokenEstimator.of(text) : usage.totalTokens();
    }

    /**
     * The tokens to settle a failed attempt with (nothing reached the caller): 0, a refund, when the
     * provider generated nothing (no response arrived, or an error status); else the reservation
     * stays ({@code -1}), since a timeout or a cut or malformed answer may have cost tokens.
     */
    private static long failedTokens(RequestState st, LlmRouterException failure) {
        int status = failure.status();
        boolean noResponse = status == 0 && failure.failureKind() == FailureKind.CONNECTION;
        return noResponse || status >= 400 ? 0 : spent(st, 0);
    }

    /**
     * The tokens of an answer cut short after {@code deliveredChars} characters: the prompt estimate
     * plus the delivered text when that is more than the reservation, else {@code -1} (the
     * reservation, an upper bound, stays).
     */
    private static long spent(RequestState st, long deliveredChars) {
        long spent = st.promptTokens + TokenEstimator.ofChars(deliveredChars);
        return spent > st.reservedTokens() ? spent : -1;
    }

    /**
     * A stream failure seen before any chunk reached the caller, as the router must treat it: the
     * caller saw nothing, so it is never an interruption. A stream or idle limit hit there (an
     * adapter that started those limits on a record carrying nothing) counts as an attempt timeout,
     * and any other interruption as a broken stream; both may be retried and fall back.
     */
    private static LlmRouterException beforeFirstChunk(Deployment d, LlmRouterException e) {
        if (e.failureKind() != FailureKind.STREAM_INTERRUPTED) {
            return e;
        }
        String msg = "no chunk with content from " + d.id() + ": " + e.getMessage();
        if (e instanceof LlmTimeoutException t) {
            return new AttemptTimeoutException(msg, t.limit(), e);
        }
        return new StreamBrokenException(d.provider(), ProviderError.of(e.status(), msg), msg, e);
    }

    /**
     * The typed failure for an adapter that threw something untyped. An interrupt ends the request
     * as cancelled (restoring the flag); a failure caused by the JVM running out of memory (a
     * {@code VirtualMachineError} anywhere in its causes, as in "Self-suppression not permitted"
     * from a try-with-resources that met the same preallocated error twice) is the caller's own
     * resource problem, never held against the provider; anything else is the provider's.
     */
    private static LlmRouterException unexpected(Deployment d, Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new RequestCancelledException("the calling thread was interrupted", e);
        }
        if (causedByVirtualMachineError(e)) {
            return new RequestCancelledException("the JVM ran out of resources while calling " + d.id()
                    + " (not held against the provider): " + e.getClass().getSimpleName(), e);
        }
        return new ProviderUnavailableException(FailureKind.SERVER_ERROR, d.provider(), ProviderError.of(0,
                e.getClass().getSimpleName()), "adapter failed unexpectedly: " + e, e);
    }

    private static boolean causedByVirtualMachineError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof VirtualMachineError) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof VirtualMachineError) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static void closeQuietly(ProviderStream s) {
        try {
            s.close();
        } catch (RuntimeException ignored) {
            // closing only frees the connection; a failure to do so changes nothing for the caller
        }
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
