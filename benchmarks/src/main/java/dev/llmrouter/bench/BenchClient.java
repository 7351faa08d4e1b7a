package dev.llmrouter.bench;

/**
 * One way of making the same chat completion call against the stub, for the side-by-side load
 * comparison. Implementations are thread-safe: every load thread calls {@link #call} on one shared
 * instance, as an application shares one client.
 */
public interface BenchClient extends AutoCloseable {

    /** The name shown in the results table. */
    String name();

    /**
     * Makes one chat completion call and returns the assistant's text.
     *
     * @throws RuntimeException when the call fails
     */
    String call();

    /** Releases the client's threads and connections. */
    @Override
    void close();
}
