package dev.llmrouter.internal.http;

import java.io.ByteArrayOutputStream;
import okhttp3.RequestBody;

/**
 * A growing byte buffer that a JSON generator writes a request body into, which then becomes the
 * body without another copy. Not thread-safe: one per request body.
 */
public final class JsonBytes extends ByteArrayOutputStream {
    /** A buffer of {@code sizeHint} bytes to start with. */
    public JsonBytes(int sizeHint) {
        super(sizeHint);
    }

    /** The bytes written so far as a JSON request body, sharing this buffer: write no more after. */
    public RequestBody toRequestBody() {
        return RequestBody.create(buf, HttpTransport.JSON, 0, count);
    }
}
