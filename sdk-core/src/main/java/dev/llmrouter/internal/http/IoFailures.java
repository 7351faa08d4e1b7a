package dev.llmrouter.internal.http;

import dev.llmrouter.api.FailureKind;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.RequestCancelledException;
import dev.llmrouter.api.StreamBrokenException;
import dev.llmrouter.spi.provider.CallContext;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;

/**
 * Maps an {@link IOException} from OkHttp to the typed exception of its phase. A cancelled context
 * wins: its reason (a timeout, a caller's cancellation) is what the call failed with. Stateless
 * and thread-safe.
 */
public final class IoFailures {

    /** Where in a call the failure happened. */
    public enum Phase {
        /** Connecting, sending, or waiting for the response headers. */
        CONNECT,
        /** Reading a whole (non-streaming) body. */
        BODY,
        /** Reading a stream. */
        STREAM
    }

    private IoFailures() {
    }

    /**
     * The typed exception for {@code e}: the context's cancellation reason when it was cancelled;
     * a {@link RequestCancelledException} when the thread was interrupted; else
     * {@link ProviderUnavailableException} (CONNECTION) before a response,
     * {@link MalformedResponseException} for a truncated body or
     * {@link ProviderUnavailableException} (CONNECTION) for a reset while reading a body, and
     * {@link StreamBrokenException} while reading a stream.
     */
    public static LlmRouterException map(IOException e, CallContext context, Phase phase, String provider, int status,
                                         Redactor redactor) {
        if (context.isCancelled()) {
            return context.cancellation().orElseThrow();
        }
        if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
            context.cancel(new RequestCancelledException("the calling thread was interrupted", e));
            return context.cancellation().orElseThrow();
        }
        String detail = redactor.redact(describe(e));
        return switch (phase) {
            case CONNECT -> new ProviderUnavailableException(FailureKind.CONNECTION, provider, ProviderError.of(0, detail),
                    "connection failed: " + detail, e);
            case BODY -> truncated(e)
                    ? new MalformedResponseException(provider, ProviderError.of(status, detail), "response body truncated: " + detail, e)
                    : new ProviderUnavailableException(FailureKind.CONNECTION, provider, ProviderError.of(status, detail),
                            "connection lost while reading the response: " + detail, e);
            case STREAM -> new StreamBrokenException(provider, ProviderError.of(status, detail), "stream broken: " + detail, e);
        };
    }

    private static boolean truncated(IOException e) {
        String m = e.getMessage();
        return e instanceof EOFException || e instanceof ProtocolException || (m != null && m.contains("unexpected end of stream"));
    }

    private static String describe(IOException e) {
        if (e instanceof PooledConnections.ReusedConnectionFailure && e.getCause() instanceof IOException cause) {
            return describe(cause) + " (on a reused keep-alive connection)";
        }
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
