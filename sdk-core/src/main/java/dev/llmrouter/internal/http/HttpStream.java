package dev.llmrouter.internal.http;

import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.RequestCancelledException;
import dev.llmrouter.spi.provider.CallContext;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.Response;

/**
 * An open streaming response (status 2xx, content type checked) read line by line under the
 * stream's deadlines. Feed it to an {@link SseReader} or {@link NdjsonReader}. Failures are typed:
 * the context's cancellation reason (a deadline), {@link dev.llmrouter.api.StreamBrokenException}
 * for a reset or cut connection, {@link dev.llmrouter.api.MalformedResponseException} for an
 * oversize line, {@link RequestCancelledException} after {@link #close()}. Any failure and the end
 * of input cancel the deadlines; a failure also releases the connection. Always {@link #close()} it
 * when done (also after the end of input), which returns a fully read connection to the pool.
 *
 * <p>Not thread-safe for reading (one thread); {@link #close()} may be called from any thread and
 * aborts a blocked read.
 */
public final class HttpStream implements LineSource, AutoCloseable {
    private final Call call;
    private final Response response;
    private final LineReader reader;
    private final StreamDeadlines deadlines;
    private final CallContext context;
    private final String provider;
    private final Redactor redactor;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean reading;
    private volatile boolean ended;
    private int peekedLength;

    HttpStream(Call call, Response response, int maxLineBytes, StreamDeadlines deadlines, CallContext context, String provider,
               Redactor redactor) {
        this.call = call;
        this.response = response;
        this.reader = new LineReader(response.body().source(), maxLineBytes, provider);
        this.deadlines = deadlines;
        this.context = context;
        this.provider = provider;
        this.redactor = redactor;
    }

    /** The provider's request id header, when it sent one. */
    public Optional<String> requestId() {
        return Optional.ofNullable(ResponseHeaders.requestId(response.headers()));
    }

    /** The HTTP status (2xx). */
    public int status() {
        return response.code();
    }

    /** The provider name, for the parsers' messages. */
    public String provider() {
        return provider;
    }

    @Override
    public String readLine() {
        return (String) read(false, 0);
    }

    @Override
    public int peekOneLineRecord(int maxBytes) {
        read(true, maxBytes);
        return peekedLength;
    }

    @Override
    public byte[] peekedBytes() {
        return reader.peekedBytes();
    }

    @Override
    public void consumePeeked() {
        try {
            reader.consumePeeked();
        } catch (RuntimeException e) {
            // closed by another thread since the peek: okio refuses a closed source
            if (closed.get()) {
                throw afterClose();
            }
            throw e;
        }
    }

    /** A line ({@code peek} false) or a peek (its length left in {@link #peekedLength}), under the stream's failure rules. */
    private Object read(boolean peek, int maxBytes) {
        if (closed.get()) {
            throw afterClose();
        }
        reading = true;
        try {
            if (peek) {
                peekedLength = reader.peekOneLineRecord(maxBytes);
                return null;
            }
            String line = reader.readLine();
            if (line == null) {
                ended = true;
                deadlines.close();
            }
            return line;
        } catch (IOException e) {
            LlmRouterException failure = closed.get() && !context.isCancelled()
                    ? afterClose()
                    : IoFailures.map(e, context, IoFailures.Phase.STREAM, provider, response.code(), redactor);
            close();
            throw failure;
        } catch (RuntimeException e) {
            close();
            throw e;
        } finally {
            reading = false;
            if (closed.get()) {
                release();
            }
        }
    }

    @Override
    public boolean lastLineTerminated() {
        return reader.lastLineTerminated();
    }

    @Override
    public void recordArrived() {
        deadlines.recordArrived();
    }

    /**
     * Tells the deadlines that the decoder produced the first chunk with something visible in it:
     * the first-chunk (attempt) limit ends and the stream and idle limits start. Records before it
     * (keep-alives, a role-only chunk, {@code message_start}) do not count. Idempotent.
     */
    public void firstChunkProduced() {
        deadlines.firstChunkProduced();
    }

    /**
     * Ends a stream whose decoder saw the format's last record ({@code [DONE]}, {@code message_stop},
     * {@code done: true}): closes it like {@link #close()} but without cancelling the call, so the
     * response's close reads the little that is left of the body (OkHttp gives that at most 100 ms)
     * and the connection goes back to the pool. Cancelling there cost every stream a new connection.
     */
    public void finish() {
        ended = true;
        close();
    }

    /**
     * Ends the stream: cancels the deadlines and, unless the whole body was read, the HTTP call, so
     * the connection is not returned to the pool half-read. Idempotent; safe from any thread.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        deadlines.close();
        if (!ended) {
            call.cancel();
        }
        if (!reading) {
            release();
        }
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            response.close();
        }
    }

    private RequestCancelledException afterClose() {
        return new RequestCancelledException(provider + ": the stream was closed", null);
    }
}
