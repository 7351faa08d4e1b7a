package dev.llmrouter.internal.http;

import dev.llmrouter.api.AttemptTimeoutException;
import dev.llmrouter.api.ConfigException;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.ProviderException;
import dev.llmrouter.api.RequestCancelledException;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.internal.provider.ProviderResources;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One provider's HTTP plumbing, shared by its adapter's calls: runs requests on the router's
 * {@link ProviderResources} under a {@link CallContext}, reads bodies within the configured limits,
 * opens streams with their deadlines, and turns every failure into a typed exception (error
 * bodies through {@link ErrorParser} and {@link ErrorClassifier}). Debug logs go through SLF4J with
 * secrets masked by the provider's {@link Redactor}.
 *
 * <p>Limits: a whole body at most {@link ProviderConfig#maxResponseBytes()}; a stream line at most
 * {@link ProviderConfig#maxLineBytes()}; an error body is read up to 64 KiB (the rest is dropped).
 *
 * <p>Thread-safe and stateless per call; one instance per adapter.
 */
public final class HttpTransport {
    /** JSON request bodies. */
    public static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
    private static final int ERROR_BODY_BYTES = 64 * 1024;

    private final ProviderConfig config;
    private final ProviderResources resources;
    private final Redactor redactor;

    /** Plumbing for {@code config}'s provider over the router's shared resources. */
    public HttpTransport(ProviderConfig config, ProviderResources resources) {
        this.config = Objects.requireNonNull(config, "config");
        this.resources = Objects.requireNonNull(resources, "resources");
        this.redactor = Redactor.forProvider(config);
    }

    /** The provider name. */
    public String provider() {
        return config.name();
    }

    /** The provider's redactor. */
    public Redactor redactor() {
        return redactor;
    }

    /** The shared resources. */
    public ProviderResources resources() {
        return resources;
    }

    /**
     * Sets a header whose value may be a secret; a value HTTP cannot carry is a {@link ConfigException}
     * that names the provider and header, never the value.
     */
    public static Request.Builder header(Request.Builder b, ProviderConfig config, String name, String value) {
        try {
            return b.header(name, value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("provider '" + config.name() + "': the value of header " + name
                    + " cannot be sent over HTTP (white space around it, a control character or a character outside"
                    + " ASCII); the value is not shown");
        }
    }

    /**
     * A request builder for {@code url} carrying the provider's configured extra headers.
     *
     * @throws dev.llmrouter.api.ConfigException when a header value cannot be sent (not quoting it)
     */
    public Request.Builder request(String url) {
        Request.Builder b = new Request.Builder().url(url);
        for (Map.Entry<String, String> h : config.headers().entrySet()) {
            header(b, config, h.getKey(), h.getValue());
        }
        return b;
    }

    /** A JSON request body of UTF-8 bytes already written. */
    public static RequestBody jsonBody(byte[] body) {
        return RequestBody.create(body, JSON);
    }

    /** A JSON request body. */
    public static RequestBody jsonBody(JsonNode body) {
        // straight to UTF-8 bytes: no intermediate String on the per-call path
        return RequestBody.create(Json.MAPPER.writeValueAsBytes(body), JSON);
    }

    /**
     * Runs a non-streaming call and reads its whole body, whatever the status. The call is limited
     * to {@link CallContext#timeout()}, counted from the context's making (what
     * {@link CallContext#remainingNanos()} leaves; nothing is sent when that is 0), by one timer on
     * the router's deadline thread, which cancels the context with an {@link AttemptTimeoutException}
     * (OkHttp's own call timeout is not used: one deadline mechanism per call).
     *
     * @throws LlmRouterException typed: the context's cancellation reason, a connection failure,
     *         a truncated or oversize body
     */
    public HttpResult execute(Request request, CallContext context) {
        HttpResult r = read(request, context);
        if (r.isSuccessful()) {
            Bodies.release(resources.budget(), r.body());
        }
        return r;
    }

    /**
     * {@link #execute} that only returns 2xx results.
     *
     * @throws ProviderException the classified provider error for any other status
     */
    public HttpResult executeOk(Request request, CallContext context) {
        HttpResult r = execute(request, context);
        if (!r.isSuccessful()) {
            throw errorFor(r);
        }
        return r;
    }

    /**
     * Runs a non-streaming call and turns its 2xx body into an answer with {@code reader}, holding
     * the body's bytes in the router's {@link ResponseBudget} until the reader is done.
     *
     * @throws ProviderException the classified provider error for any other status
     * @throws LlmRouterException typed, as for {@link #execute}, or what {@code reader} throws
     */
    public <T> T executeOk(Request request, CallContext context, Function<HttpResult, T> reader) {
        HttpResult r = read(request, context);
        if (!r.isSuccessful()) {
            throw errorFor(r);
        }
        try {
            return reader.apply(r);
        } finally {
            Bodies.release(resources.budget(), r.body());
        }
    }

    /** The call; a 2xx body holds its size in the budget, which the caller gives back. */
    private HttpResult read(Request request, CallContext context) {
        throwIfEnded(context);
        // a GET (probe, model listing) is no attempt: re-sending it on a stale pooled connection is safe
        Call call = ("GET".equals(request.method()) ? resources.idempotentHttp() : resources.http()).newCall(request);
        call.timeout().timeout(0, TimeUnit.NANOSECONDS);
        Duration limit = context.timeout();
        // from the attempt's start: under CPU starvation the time before this point can be hundreds of ms
        ScheduledFuture<?> deadline = schedule(() -> context.cancel(attemptTimeout(limit)), context.remainingNanos());
        context.onCancel(call::cancel);
        long start = System.nanoTime();
        logRequest(request);
        try {
            Response response;
            try {
                response = call.execute();
            } catch (IOException e) {
                throw failure(e, call, context, IoFailures.Phase.CONNECT, 0);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw undeclared(e, context);
            }
            try (response) {
                byte[] body;
                try {
                    body = response.isSuccessful()
                            ? Bodies.readAll(response.body(), config.maxResponseBytes(), provider(), response.code(),
                                    resources.budget())
                            : Bodies.readPrefix(response.body(), ERROR_BODY_BYTES);
                } catch (IOException e) {
                    throw failure(e, call, context, IoFailures.Phase.BODY, response.code());
                }
                logResponse(request, response.code(), start);
                return new HttpResult(response.code(), response.headers(), body);
            }
        } finally {
            deadline.cancel(false);
        }
    }

    /**
     * Opens a stream: sends the request under the first-chunk deadline, checks the status (an error
     * status becomes its classified exception) and the content type, and returns the open stream.
     *
     * @throws LlmRouterException typed, as for {@link #execute}; a 2xx with the wrong content type
     *         is a {@link MalformedResponseException} unless its body is a provider error envelope
     */
    public HttpStream openStream(Request request, CallContext context, StreamFormat format) {
        throwIfEnded(context);
        Call call = resources.http().newCall(request);
        call.timeout().timeout(0, TimeUnit.NANOSECONDS);
        StreamDeadlines deadlines = new StreamDeadlines(resources.timer(), context);
        deadlines.start();
        context.onCancel(call::cancel);
        long start = System.nanoTime();
        logRequest(request);
        Response response;
        try {
            response = call.execute();
        } catch (IOException e) {
            deadlines.close();
            throw failure(e, call, context, IoFailures.Phase.CONNECT, 0);
        } catch (RuntimeException | Error e) {
            deadlines.close();
            throw e;
        } catch (Exception e) {
            deadlines.close();
            throw undeclared(e, context);
        }
        boolean open = false;
        try {
            logResponse(request, response.code(), start);
            if (!response.isSuccessful() || !format.accepts(response.header("Content-Type"))) {
                HttpResult r = new HttpResult(response.code(), response.headers(), Bodies.readPrefix(response.body(), ERROR_BODY_BYTES));
                throw r.isSuccessful() ? wrongContentType(r, format) : errorFor(r);
            }
            HttpStream stream = new HttpStream(call, response, config.maxLineBytes(), deadlines, context, provider(), redactor);
            open = true;
            return stream;
        } catch (IOException e) {
            throw failure(e, call, context, IoFailures.Phase.BODY, response.code());
        } finally {
            if (!open) {
                deadlines.close();
                response.close();
            }
        }
    }

    /**
     * The classified exception for a non-2xx result.
     *
     * @throws ConfigException for a redirect (3xx): chat requests are never sent on to the address a
     *         server redirects to, since that second server would receive a request the router did not
     *         count; the message names the address (without its query) so the base URL can be fixed
     */
    public ProviderException errorFor(HttpResult r) {
        if (r.status() >= 300 && r.status() < 400) {
            throw redirected(r);
        }
        ProviderError error = ErrorParser.parse(r.status(), r.headers(), r.bodyText(), resources.time().now(), redactor);
        return ErrorClassifier.classify(provider(), error, null);
    }

    private ConfigException redirected(HttpResult r) {
        String location = r.headers().get("Location");
        HttpUrl target = location == null ? null : HttpUrl.parse(location);
        String where = target != null ? target.newBuilder().username("").password("").query(null).fragment(null).build().toString()
                : location == null ? "no Location header" : "a relative or unusable Location";
        return new ConfigException("provider '" + config.name() + "': the server answered HTTP " + r.status()
                + ", a redirect (to " + redactor.redact(where) + "); the router does not follow redirects of chat requests,"
                + " so that every request a server receives is an attempt it counted: set base_url to the address the"
                + " server redirects to");
    }

    /**
     * The classified exception for an error object found inside a 2xx response or stream
     * ({@code root} holds the {@code error} field, or is a flat error object).
     */
    public ProviderException errorInStream(JsonNode root, String requestId) {
        return ErrorClassifier.classify(provider(), ErrorParser.fromJson(200, root, requestId, redactor), null);
    }

    /** A {@link MalformedResponseException} with {@code message}, a short excerpt of {@code body} appended when given. */
    public MalformedResponseException malformed(String message, String body, String requestId, Throwable cause) {
        String msg = redactor.redact(body == null ? message : message + ": " + Excerpts.of(body, 120));
        return new MalformedResponseException(provider(), ProviderError.builder(200).message(msg).requestId(requestId)
                .build(), msg, cause);
    }

    /**
     * Parses a 2xx body as a JSON object.
     *
     * @throws MalformedResponseException quoting an excerpt when it is not one
     */
    public JsonNode json(HttpResult r) {
        try {
            JsonNode node = r.json();
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JacksonException e) {
            throw malformed("the response is not valid JSON", r.bodyText(), r.requestId(), e);
        }
        throw malformed("the response is not a JSON object", r.bodyText(), r.requestId(), null);
    }

    private LlmRouterException wrongContentType(HttpResult r, StreamFormat format) {
        String body = r.bodyText();
        if (body.stripLeading().startsWith("{")) {
            try {
                JsonNode node = Json.parse(body);
                if (node.isObject() && (node.has("error") || "error".equals(Json.text(node, "object")))) {
                    return errorInStream(node, r.requestId());
                }
            } catch (JacksonException e) {
                // not an error envelope: reported as the wrong content type below
            }
        }
        String got = r.contentType() == null ? "no content type" : r.contentType();
        return malformed("expected a " + format.expected() + " stream but got " + got + " (HTTP " + r.status() + ")", body,
                r.requestId(), null);
    }

    /**
     * A checked exception OkHttp threw without declaring it: an {@link InterruptedException} while
     * connecting on a cold pool. The call ends as cancelled and the thread keeps its interrupt flag,
     * which the exception had cleared.
     */
    private static LlmRouterException undeclared(Exception e, CallContext context) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        RequestCancelledException reason = new RequestCancelledException(e instanceof InterruptedException
                ? "the calling thread was interrupted" : "the HTTP call failed with " + e.getClass().getName(), e);
        context.cancel(reason);
        return context.cancellation().orElse(reason);
    }

    private LlmRouterException failure(IOException e, Call call, CallContext context, IoFailures.Phase phase, int status) {
        if (!context.isCancelled() && Thread.currentThread().isInterrupted()) {
            // an interrupt surfaced as an I/O failure (InterruptedIOException, a closed channel): the caller's doing
            context.cancel(new RequestCancelledException("the calling thread was interrupted", e));
        }
        if (!context.isCancelled() && call.isCanceled()) {
            // only the context's hook cancels our call, and a deadline that fired cancelled the context first;
            // a call cancelled some other way (a caller's interceptor) is reported as the attempt timing out
            context.cancel(attemptTimeout(context.timeout()));
        }
        return IoFailures.map(e, context, phase, provider(), status, redactor);
    }

    private static AttemptTimeoutException attemptTimeout(Duration limit) {
        return new AttemptTimeoutException("no complete response within " + limit, limit, null);
    }

    /**
     * Throws when the context was cancelled, or its time ran out before the request was sent (a
     * thread that waited that long for a CPU): then nothing is sent, the attempt timed out.
     */
    private static void throwIfEnded(CallContext context) {
        if (context.remainingNanos() == 0) {
            context.cancel(attemptTimeout(context.timeout()));
        }
        throwIfCancelled(context);
    }

    private static void throwIfCancelled(CallContext context) {
        context.cancellation().ifPresent(reason -> {
            throw reason;
        });
    }

    /** Schedules {@code task}: a Callable, since a Runnable would be wrapped in one more object per call. */
    private ScheduledFuture<?> schedule(Callable<?> task, long delayNanos) {
        try {
            return resources.timer().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the router's deadline timer is shut down (router closed?)", e);
        }
    }

    private void logRequest(Request request) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} -> {}", provider(), redactor.describe(request));
        }
    }

    private void logResponse(Request request, int status, long startNanos) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} <- {} {} in {} ms", provider(), status, redactor.redact(request.url().toString()),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        }
    }
}
