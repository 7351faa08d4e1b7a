package dev.llmrouter.internal.http;

import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.RequestCancelledException;
import java.io.IOException;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Reads response bodies with a size cap, so a broken or hostile server gets a clear exception
 * instead of an {@link OutOfMemoryError}. Stateless and thread-safe.
 */
public final class Bodies {
    private static final long FIRST_STEP = 16 * 1024;

    private Bodies() {
    }

    /**
     * The whole body, at most {@code maxBytes}, taking its size from {@code budget} as it arrives.
     * The caller holds {@code result.length} bytes of the budget afterwards and gives them back with
     * {@link #release} once the answer is parsed; on a throw it holds nothing.
     *
     * @throws MalformedResponseException naming the limit when the body is larger (by its
     *         {@code Content-Length} or by what arrived)
     * @throws dev.llmrouter.api.RequestCancelledException when the router-wide budget is used up by
     *         other calls (the caller's memory, never held against the provider)
     * @throws IOException when reading fails
     */
    public static byte[] readAll(ResponseBody body, long maxBytes, String provider, int status, ResponseBudget budget)
            throws IOException {
        long declared = body.contentLength();
        if (declared > maxBytes) {
            throw tooLarge(provider, status, maxBytes, declared);
        }
        BufferedSource source = body.source();
        long limit = maxBytes == Long.MAX_VALUE ? maxBytes : maxBytes + 1;
        long held = 0;
        try {
            // a declared length is taken at once (one more byte shows a lying server); else in doubling steps
            long step = declared >= 0 ? declared + 1 : FIRST_STEP;
            while (true) {
                long want = Math.min(limit, held + step) - held;
                if (!budget.tryTake(want, held)) {
                    throw exhausted(provider, budget);
                }
                held += want;
                if (!source.request(held)) {
                    break;
                }
                if (held >= limit) {
                    throw tooLarge(provider, status, maxBytes, -1);
                }
                step = held;
            }
            byte[] bytes = source.getBuffer().readByteArray();
            budget.give(held - bytes.length);
            held = bytes.length;
            return bytes;
        } catch (IOException | RuntimeException | Error e) {
            budget.give(held);
            throw e;
        }
    }

    /** Gives back the budget a body read by {@link #readAll} holds. */
    public static void release(ResponseBudget budget, byte[] body) {
        budget.give(body.length);
    }

    /**
     * At most the first {@code maxBytes} of the body, dropping the rest: for error bodies, where the
     * status already says what happened and only a message is wanted.
     *
     * @throws IOException when reading fails
     */
    public static byte[] readPrefix(ResponseBody body, long maxBytes) throws IOException {
        BufferedSource source = body.source();
        source.request(maxBytes);
        long n = Math.min(maxBytes, source.getBuffer().size());
        return source.getBuffer().readByteArray(n);
    }

    private static RequestCancelledException exhausted(String provider, ResponseBudget budget) {
        return new RequestCancelledException("the router's budget of " + budget.limit() + " bytes for responses in flight"
                + " is in use by other calls, so the answer from provider '" + provider + "' was not read"
                + " (the caller's memory, not held against the provider)", null);
    }

    private static MalformedResponseException tooLarge(String provider, int status, long max, long declared) {
        String msg = "the response body is larger than the limit of " + max + " bytes (max_response_bytes)"
                + (declared > 0 ? ": Content-Length " + declared : "");
        return new MalformedResponseException(provider, ProviderError.of(status, msg), msg, null);
    }
}
