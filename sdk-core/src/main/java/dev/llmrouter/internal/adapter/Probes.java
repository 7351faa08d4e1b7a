package dev.llmrouter.internal.adapter;

import dev.llmrouter.api.FailureKind;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.internal.http.ErrorParser;
import dev.llmrouter.internal.http.HttpResult;
import dev.llmrouter.internal.http.HttpTransport;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ProbeResult;
import java.time.Duration;
import java.util.Locale;
import okhttp3.Request;

/**
 * A health probe that never throws for a down server: one request, healthy on a 2xx answer that is
 * not a web page (an HTML page on a model server's port is some other service, or a proxy's or a
 * portal's page), reachable when any HTTP answer arrived. Only the caller's own cancellation is rethrown.
 * Stateless and thread-safe.
 */
public final class Probes {
    private Probes() {
    }

    /**
     * Sends {@code request} and describes the outcome: {@code "ok"}, the server's error message for
     * a non-2xx answer, or the connection failure (the context's timeout included).
     *
     * @throws LlmRouterException only when the caller cancelled the context
     */
    public static ProbeResult probe(HttpTransport http, Request request, CallContext context) {
        long start = http.resources().time().nanoTime();
        try {
            HttpResult r = http.execute(request, context);
            Duration latency = Duration.ofNanos(http.resources().time().nanoTime() - start);
            if (r.isSuccessful() && isWebPage(r)) {
                return ProbeResult.builder().reachable(true).httpStatus(r.status()).latency(latency)
                        .detail("answered HTTP " + r.status() + " with an HTML page, not a model server's answer")
                        .build();
            }
            if (r.isSuccessful()) {
                return ProbeResult.builder().healthy(true).reachable(true).httpStatus(r.status()).latency(latency)
                        .detail("ok").build();
            }
            String detail = ErrorParser.parse(r.status(), r.headers(), r.bodyText(), http.resources().time().now(), http.redactor())
                    .message();
            return ProbeResult.builder().reachable(true).httpStatus(r.status()).latency(latency)
                    .detail(detail == null ? "HTTP " + r.status() : detail).build();
        } catch (LlmRouterException e) {
            if (e.failureKind() == FailureKind.CANCELLED) {
                throw e;
            }
            return ProbeResult.builder().reachable(e.status() > 0).httpStatus(e.status())
                    .latency(Duration.ofNanos(http.resources().time().nanoTime() - start)).detail(e.getMessage())
                    .build();
        }
    }

    private static boolean isWebPage(HttpResult r) {
        String type = r.contentType();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("text/html")) {
            return true;
        }
        String head = r.bodyText().stripLeading();
        head = head.substring(0, Math.min(head.length(), 15)).toLowerCase(Locale.ROOT);
        return head.startsWith("<!doctype html") || head.startsWith("<html");
    }
}
