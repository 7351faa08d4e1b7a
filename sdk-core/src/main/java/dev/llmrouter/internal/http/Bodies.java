package dev.llmrouter.internal.http;

import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.api.ProviderError;
import java.io.IOException;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * Reads response bodies with a size cap, so a broken or hostile server gets a clear exception
 * instead of an {@link OutOfMemoryError}. Stateless and thread-safe.
 */
public final class Bodies {
    private Bodies() {
    }

    /**
     * The whole body, at most {@code maxBytes}.
     *
     * @throws MalformedResponseException naming the limit when the body is larger (by its
     *         {@code Content-Length} or by what arrived)
     * @throws IOException when reading fails
     */
    public static byte[] readAll(ResponseBody body, long maxBytes, String provider, int status) throws IOException {
        long declared = body.contentLength();
        if (declared > maxBytes) {
            throw tooLarge(provider, status, maxBytes, declared);
        }
        BufferedSource source = body.source();
        if (source.request(maxBytes == Long.MAX_VALUE ? maxBytes : maxBytes + 1)) {
            throw tooLarge(provider, status, maxBytes, -1);
        }
        return source.getBuffer().readByteArray();
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

    private static MalformedResponseException tooLarge(String provider, int status, long max, long declared) {
        String msg = "the response body is larger than the limit of " + max + " bytes (max_response_bytes)"
                + (declared > 0 ? ": Content-Length " + declared : "");
        return new MalformedResponseException(provider, ProviderError.of(status, msg), msg, null);
    }
}
