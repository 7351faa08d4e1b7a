package dev.llmrouter.internal.adapter;

import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.internal.http.HttpResult;
import dev.llmrouter.internal.http.HttpTransport;
import dev.llmrouter.provider.CallContext;
import dev.llmrouter.provider.ProbeResult;
import java.time.Duration;
import okhttp3.Request;

/**
 * A health probe that never throws for a down server: one GET, healthy on any 2xx answer,
 * reachable when any HTTP answer arrived. Stateless and thread-safe.
 */
public final class Probes {
    private Probes() {
    }

    /**
     * Sends {@code request} and describes the outcome: {@code "ok"}, the classified error of a
     * non-2xx answer, or the connection failure (a timeout of the context included).
     */
    public static ProbeResult probe(HttpTransport http, Request request, CallContext context) {
        long start = http.resources().time().nanoTime();
        try {
            HttpResult r = http.execute(request, context);
            Duration latency = Duration.ofNanos(http.resources().time().nanoTime() - start);
            if (r.isSuccessful()) {
                return new ProbeResult(true, true, r.status(), latency, "ok");
            }
            return new ProbeResult(false, true, r.status(), latency, http.errorFor(r).getMessage());
        } catch (LlmRouterException e) {
            return new ProbeResult(false, e.status() > 0, e.status(), Duration.ofNanos(http.resources().time().nanoTime() - start),
                    e.getMessage());
        }
    }
}
