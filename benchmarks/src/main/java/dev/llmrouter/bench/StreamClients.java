package dev.llmrouter.bench;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import okio.BufferedSource;

/**
 * The ways of streaming the same chat completion from an {@link SseStub} that the stream benchmarks
 * compare: raw OkHttp reading SSE lines (the floor), okhttp-sse's {@link EventSource}, openai-java's
 * {@code createStreaming}, LangChain4j's {@link OpenAiStreamingChatModel} and llmrouter's
 * {@link LlmRouter#stream} iterated. Each client is thread-safe (one instance serves every caller
 * thread) and hands every content chunk's text to the caller's {@link Sink}, on whatever thread the
 * library delivers it.
 */
public final class StreamClients {
    /** The clients by the names the benchmarks' {@code --clients} option takes, in the default order. */
    public static final List<String> NAMES = List.of("raw", "okhttp-sse", "llmrouter", "openai-java", "langchain4j");

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final String BODY = "{\"model\":\"" + StubServer.MODEL + "\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"" + LoadRun.PROMPT + "\"}],\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
    /** The marker of a data line that carries a content delta (not the role chunk, finish or usage). */
    private static final String CONTENT = "\"delta\":{\"content\":\"";

    private StreamClients() {
    }

    /** Receives the text of each content chunk of one stream. */
    @FunctionalInterface
    public interface Sink {
        /** One content chunk: its text (the raw clients pass the whole data line). */
        void text(String text);
    }

    /** One way of streaming. */
    public interface Client extends AutoCloseable {
        /** The name shown in the tables. */
        String name();

        /**
         * Streams one answer to its end, handing each content chunk to {@code sink}.
         *
         * @throws RuntimeException when the stream fails
         */
        void stream(Sink sink);

        /** Releases the client's threads and connections. */
        @Override
        void close();
    }

    /** The client named {@code name} (one of {@link #NAMES}) for the stub at {@code baseUrl}. */
    public static Client create(String name, String baseUrl) {
        Function<String, Client> f = switch (name) {
            case "raw" -> Raw::new;
            case "okhttp-sse" -> Sse::new;
            case "llmrouter" -> Router::new;
            case "openai-java" -> OpenAi::new;
            case "langchain4j" -> LangChain4j::new;
            default -> throw new IllegalArgumentException("unknown stream client '" + name + "'; known: " + NAMES);
        };
        return f.apply(baseUrl);
    }

    private static Request request(String baseUrl) {
        return new Request.Builder().url(baseUrl + "/chat/completions").header("Authorization", "Bearer sk-bench")
                .header("Accept", "text/event-stream").post(RequestBody.create(BODY, JSON)).build();
    }

    /** The floor: OkHttp, the body read line by line, data lines with a content delta handed over as they are. */
    static final class Raw implements Client {
        private final OkHttpClient client = new OkHttpClient();
        private final String baseUrl;

        Raw(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        @Override
        public String name() {
            return "raw OkHttp lines";
        }

        @Override
        public void stream(Sink sink) {
            try (Response response = client.newCall(request(baseUrl)).execute()) {
                if (response.code() != 200) {
                    throw new IllegalStateException("HTTP " + response.code());
                }
                BufferedSource source = response.body().source();
                String line;
                while ((line = source.readUtf8Line()) != null) {
                    if (line.startsWith("data: ") && line.indexOf(CONTENT) > 0) {
                        sink.text(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    /** okhttp-sse's EventSource: events arrive on OkHttp's dispatcher threads; the caller waits for the end. */
    static final class Sse implements Client {
        private final OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofMinutes(5)).build();
        private final EventSource.Factory factory = EventSources.createFactory(client);
        private final String baseUrl;

        Sse(String baseUrl) {
            this.baseUrl = baseUrl;
            client.dispatcher().setMaxRequests(100_000);
            client.dispatcher().setMaxRequestsPerHost(100_000);
        }

        @Override
        public String name() {
            return "okhttp-sse EventSource";
        }

        @Override
        public void stream(Sink sink) {
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            factory.newEventSource(request(baseUrl), new EventSourceListener() {
                @Override
                public void onEvent(EventSource source, String id, String type, String data) {
                    if (data.indexOf(CONTENT) > 0) {
                        sink.text(data);
                    }
                }

                @Override
                public void onClosed(EventSource source) {
                    done.countDown();
                }

                @Override
                public void onFailure(EventSource source, Throwable t, Response response) {
                    failure.set(t != null ? t : new IllegalStateException("HTTP " + (response == null ? "?" : response.code())));
                    done.countDown();
                }
            });
            await(done, failure);
        }

        @Override
        public void close() {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    /** llmrouter: {@link LlmRouter#stream} iterated, then {@link ChatStream#response()}, as an application does. */
    static final class Router implements Client {
        private final LlmRouter router;

        Router(String baseUrl) {
            this.router = LlmRouter.builder().config(BenchConfigs.group(List.of(baseUrl), 2, "simple-shuffle")).build();
        }

        @Override
        public String name() {
            return "llmrouter";
        }

        @Override
        public void stream(Sink sink) {
            ChatRequest request = ChatRequest.builder().model(BenchConfigs.GROUP).user(LoadRun.PROMPT).build();
            try (ChatStream s = router.stream(request)) {
                for (ChatChunk c : s) {
                    if (!c.text().isEmpty()) {
                        sink.text(c.text());
                    }
                }
                if (s.response().text().isEmpty()) {
                    throw new IllegalStateException("llmrouter: an empty response");
                }
            }
        }

        @Override
        public void close() {
            router.close();
        }
    }

    /** openai-java's streaming call (its OkHttp transport), retries off. */
    static final class OpenAi implements Client {
        private final OpenAIClient client;

        OpenAi(String baseUrl) {
            this.client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-bench").maxRetries(0).build();
        }

        @Override
        public String name() {
            return "openai-java";
        }

        @Override
        public void stream(Sink sink) {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(StubServer.MODEL)
                    .addUserMessage(LoadRun.PROMPT).build();
            try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
                s.stream().forEach(c -> {
                    for (ChatCompletionChunk.Choice choice : c.choices()) {
                        choice.delta().content().ifPresent(t -> {
                            if (!t.isEmpty()) {
                                sink.text(t);
                            }
                        });
                    }
                });
            }
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** LangChain4j's OpenAiStreamingChatModel (its default JDK HTTP client): callbacks on its threads. */
    static final class LangChain4j implements Client {
        private final OpenAiStreamingChatModel model;

        LangChain4j(String baseUrl) {
            this.model = OpenAiStreamingChatModel.builder().baseUrl(baseUrl).apiKey("sk-bench").modelName(StubServer.MODEL)
                    .timeout(Duration.ofMinutes(5)).build();
        }

        @Override
        public String name() {
            return "LangChain4j";
        }

        @Override
        public void stream(Sink sink) {
            CountDownLatch done = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            model.chat(LoadRun.PROMPT, new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String text) {
                    if (!text.isEmpty()) {
                        sink.text(text);
                    }
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    done.countDown();
                }

                @Override
                public void onError(Throwable error) {
                    failure.set(error);
                    done.countDown();
                }
            });
            await(done, failure);
        }

        @Override
        public void close() {
            // the model's JDK HttpClient threads are daemons and go with the JVM
        }
    }

    private static void await(CountDownLatch done, AtomicReference<Throwable> failure) {
        try {
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the stream did not end within 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("the stream failed: " + t, t);
        }
    }
}
