package dev.llmrouter.internal.routing.wire;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.EventListener;

/**
 * Counts, on the client side, the requests an {@link okhttp3.OkHttpClient} wrote in full (its body
 * ended; the last bytes leave with the flush that follows, so a request cancelled at that moment is
 * counted here and never reaches the server), per server port, and records every call that started writing a request more than once (a
 * re-send inside one call, which only OkHttp's own retry could cause). Sits between the router's
 * attempts and the server's journal: attempts counted >= requests written >= requests received.
 * Thread-safe.
 */
final class RequestsWritten implements EventListener.Factory {
    private final Map<Integer, AtomicInteger> byPort = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> writtenTwice = new ConcurrentLinkedQueue<>();

    @Override
    public EventListener create(Call call) {
        return new EventListener() {
            private final AtomicInteger starts = new AtomicInteger();

            @Override
            public void requestHeadersStart(Call c) {
                if (starts.incrementAndGet() > 1) {
                    writtenTwice.add(c.request().method() + " " + c.request().url());
                }
            }

            @Override
            public void requestBodyEnd(Call c, long byteCount) {
                byPort.computeIfAbsent(c.request().url().port(), p -> new AtomicInteger()).incrementAndGet();
            }
        };
    }

    /** Requests whose body the client finished writing to the server on {@code port}. */
    int to(int port) {
        AtomicInteger n = byPort.get(port);
        return n == null ? 0 : n.get();
    }

    /** The calls that wrote their request a second time; empty when only the router retries. */
    ConcurrentLinkedQueue<String> writtenTwice() {
        return writtenTwice;
    }
}
