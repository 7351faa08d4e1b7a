package dev.llmrouter.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import okhttp3.Headers;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.databind.JsonNode;

/**
 * A whole HTTP response, read within its size limit: status, headers and body bytes. Immutable
 * (the body array is not exposed) and thread-safe.
 */
public final class HttpResult {
    private final int status;
    private final Headers headers;
    private final byte[] body;

    /** A result; the body array is kept, not copied. */
    public HttpResult(int status, Headers headers, byte[] body) {
        this.status = status;
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = Objects.requireNonNull(body, "body");
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** True for 2xx. */
    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    /** The response headers. */
    public Headers headers() {
        return headers;
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body size in bytes. */
    public int bodySize() {
        return body.length;
    }

    /** The body bytes, not copied: for this package's readers, which must not change them. */
    byte[] body() {
        return body;
    }

    /**
     * A streaming parser over the body (no tree, no string of the whole body; it cannot read trees
     * or values); the caller closes it.
     * Bytes that are not UTF-8 fail it: callers fall back to {@link #json()}, which reads them as U+FFFD.
     */
    public JsonParser parser() {
        // straight from the factory: a parser of the mapper would also make a deserialization context, unused here
        return Json.MAPPER.tokenStreamFactory().createParser(ObjectReadContext.empty(), body);
    }

    /** Parses the body as JSON; callers map a failure to a malformed-response error. */
    public JsonNode json() {
        return Json.parse(body);
    }

    /** The provider's request id header, or null. */
    public String requestId() {
        return ResponseHeaders.requestId(headers);
    }

    /** The {@code Content-Type} header, or null. */
    public String contentType() {
        return headers.get("Content-Type");
    }

    @Override
    public String toString() {
        return "HttpResult[" + status + ", " + body.length + " bytes]";
    }
}
