package dev.llmrouter.langchain4j;

import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A LangChain4j {@link StreamingChatModel} backed by an {@link dev.llmrouter.LlmRouter}. Until the
 * first chunk arrives the router retries and falls back as for a whole call; then text deltas reach
 * {@code onPartialResponse} and tool-call fragments {@code onPartialToolCall} as they arrive,
 * followed by one {@code onCompleteToolCall} per tool call and {@code onCompleteResponse} with the
 * aggregated response ({@link LlmRouterChatResponseMetadata} carries the route).
 *
 * <p><b>Every call ends</b> in exactly one {@code onCompleteResponse} or {@code onError}, unless it
 * is cancelled. {@code onError} receives llmrouter's typed exceptions unwrapped: before the first
 * chunk, whatever made every deployment and fallback fail; after it,
 * {@link dev.llmrouter.api.StreamInterruptedException} or a stream timeout carrying the partial text.
 * A request llmrouter cannot carry ends in {@code onError} with LangChain4j's
 * {@link dev.langchain4j.exception.UnsupportedFeatureException} (see {@link LlmRouterChatModel}). An
 * exception thrown by the handler's own partial callbacks ends the stream and is passed to
 * {@code onError}.
 *
 * <p><b>Cancelling</b>: the {@code StreamingHandle} of the partial callbacks' contexts closes the
 * router's stream at once and frees its connection; no callback follows. Cancelled before its first
 * chunk arrives, the call stops as soon as the router has opened the stream.
 *
 * <p><b>Listeners</b> are called as for {@link LlmRouterChatModel}: once per call, with the provider
 * that answered; not for a cancelled call.
 *
 * <p>Callbacks run on a thread of the model's executor (by default a shared pool of daemon
 * threads), one call at a time per stream. Thread-safe.
 */
public final class LlmRouterStreamingChatModel extends RoutedModel implements StreamingChatModel {
    private static final ExecutorService SHARED = Executors.newCachedThreadPool(new DaemonThreads());

    private final Executor executor;

    private LlmRouterStreamingChatModel(ModelSettings settings, Executor executor) {
        super(settings);
        this.executor = executor;
    }

    /** A builder; {@code router} and {@code defaultModel} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * LangChain4j's streaming {@code chat} with the default parameters applied, calling the
     * listeners once with the provider that answered (overridden for that: the default method would
     * report the model's fixed {@link #provider()}).
     */
    @Override
    public void chat(ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
        ChatRequest full = settings.withDefaults(request);
        Map<Object, Object> attributes = ModelSettings.attributes(options);
        settings.onRequest(full, attributes);
        start(full, handler, new StreamRun.Observer() {
            @Override
            public void onResponse(ChatResponse response) {
                settings.onResponse(response, full, attributes);
            }

            @Override
            public void onError(Throwable error) {
                settings.onError(error, full, attributes);
            }
        });
    }

    /** One routed stream, without listeners. Returns at once; the handler is called from the executor. */
    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        start(request, handler, StreamRun.Observer.NONE);
    }

    private void start(ChatRequest request, StreamingChatResponseHandler handler, StreamRun.Observer observer) {
        Objects.requireNonNull(handler, "handler");
        try {
            executor.execute(new StreamRun(settings.router(), settings.toRouter(request), handler, observer));
        } catch (RuntimeException e) {
            // a request llmrouter cannot carry, or an executor that refused the run: still one ending
            observer.onError(e);
            handler.onError(e);
        }
    }

    /**
     * Builds an {@link LlmRouterStreamingChatModel}; see {@link LlmRouterModelBuilder}. Also takes
     * the executor that runs streams (default: a pool of daemon threads shared by all streaming
     * models). Not thread-safe.
     */
    public static final class Builder extends LlmRouterModelBuilder<Builder> {
        private Executor executor = SHARED;

        private Builder() {
        }

        /**
         * The executor each stream runs on, one task per call for the call's whole length (virtual
         * threads on Java 21 suit it well). The model does not shut it down.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * The model.
         *
         * @throws IllegalStateException when the router or the default model is missing
         */
        public LlmRouterStreamingChatModel build() {
            return new LlmRouterStreamingChatModel(settings("LlmRouterStreamingChatModel"), executor);
        }
    }

    private static final class DaemonThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "llmrouter-langchain4j-stream-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }
}
