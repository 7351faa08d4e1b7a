package dev.llmrouter.api;

import java.util.Iterator;

/**
 * A streamed answer: iterate it for {@link ChatChunk}s as they arrive, then call
 * {@link #response()} for the whole answer. Always close it (try-with-resources): closing early
 * cancels the request and frees its connection.
 *
 * <p>Iteration throws the typed {@link LlmRouterException} when the stream fails: before any chunk
 * reached the caller the router has already retried and fallen back; after, it is a
 * {@link StreamInterruptedException} or a {@link StreamTimeoutException} carrying the partial text.
 *
 * <p>Not thread-safe: one thread iterates. {@link #close()} may be called from any thread.
 */
public interface ChatStream extends Iterable<ChatChunk>, AutoCloseable {

    /** The chunks; may be iterated once. */
    @Override
    Iterator<ChatChunk> iterator();

    /**
     * The aggregated answer (text joined, tool-call fragments joined, usage, route), once the
     * stream is done. Reads the rest of the stream first if it was not iterated to the end.
     */
    ChatResponse response();

    /** Cancels the stream if it is still running and frees its connection. Idempotent. */
    @Override
    void close();
}
