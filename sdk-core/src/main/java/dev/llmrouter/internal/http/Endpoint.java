package dev.llmrouter.internal.http;

import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * One URL of a provider with its fixed headers (configured extra headers, credentials, versions),
 * parsed and checked once when the adapter is built rather than on every call: a call then only
 * pairs them with its body. When the headers cannot be built (a value HTTP cannot carry), the
 * template is built again at each call, so each call fails with its own fresh exception, exactly as
 * when the request was built per call. Immutable and thread-safe.
 */
public final class Endpoint {
    private final Supplier<Request.Builder> template;
    private final HttpUrl url;
    private final Headers headers;

    private Endpoint(Supplier<Request.Builder> template, HttpUrl url, Headers headers) {
        this.template = template;
        this.url = url;
        this.headers = headers;
    }

    /**
     * The endpoint that {@code template} describes (its URL and headers; its method and body are
     * ignored). The template is built once now and, only when that throws, again at each call.
     */
    public static Endpoint of(Supplier<Request.Builder> template) {
        Objects.requireNonNull(template, "template");
        try {
            Request r = template.get().build();
            return new Endpoint(template, r.url(), r.headers());
        } catch (RuntimeException e) {
            return new Endpoint(template, null, null);
        }
    }

    /**
     * A {@code POST} of {@code body} to this endpoint.
     *
     * @throws dev.llmrouter.api.ConfigException when the headers cannot be sent (never quoting them)
     */
    public Request post(RequestBody body) {
        if (url == null) {
            return template.get().post(body).build();
        }
        return new Request(url, headers, "POST", body);
    }

    @Override
    public String toString() {
        return "Endpoint[" + (url == null ? "unusable" : url.redact()) + "]";
    }
}
