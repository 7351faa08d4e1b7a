package dev.llmrouter.langchain4j;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.FailureKind;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.OverallTimeoutException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.api.StreamInterruptedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What only real HTTP shows: the bodies sent to the server, tool-call fragments across chunks,
 * cancelling mid-stream, a stream cut off, and each provider error reaching LangChain4j as its typed
 * exception.
 */
@Tag("integration")
class WireMockEdgeCasesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String M = "primary-model";
    private static OkHttpClient client;
    private static WireMockBackend backend;
    private static ExecutorService streams;
    private final List<CompletableFuture<Void>> runs = new CopyOnWriteArrayList<>();
    private final RouterUnderLangChain4jSuite.RecordingListener listener = new RouterUnderLangChain4jSuite.RecordingListener();
    private LlmRouter router;

    @BeforeAll
    static void start() {
        client = new OkHttpClient.Builder().connectionPool(new ConnectionPool(8, 5, TimeUnit.MINUTES)).build();
        backend = new WireMockBackend(client);
        streams = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stop() {
        backend.close();
        streams.shutdownNow();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @BeforeEach
    void reset() {
        backend.reset();
    }

    @AfterEach
    void closeRouter() {
        if (router != null) {
            router.close();
        }
    }

    private LlmRouterChatModel chatModel(LlmRouter r) {
        router = r;
        return LlmRouterChatModel.builder().router(r).defaultModel("chat").listeners(List.of(listener)).build();
    }

    /** A streaming model whose runs the test can wait for. */
    private LlmRouterStreamingChatModel streamingModel(LlmRouter r) {
        router = r;
        return LlmRouterStreamingChatModel.builder().router(r).defaultModel("chat").listeners(List.of(listener))
                .executor(task -> runs.add(CompletableFuture.runAsync(task, streams))).build();
    }

    /** Waits until every stream run has returned (its thread is done with the handler). */
    private void awaitRuns() throws Exception {
        for (CompletableFuture<Void> run : runs) {
            run.get(10, TimeUnit.SECONDS);
        }
    }

    private static int busyConnections() {
        return client.connectionPool().connectionCount() - client.connectionPool().idleConnectionCount();
    }

    private static List<JsonNode> bodies() {
        List<JsonNode> out = new ArrayList<>();
        for (LoggedRequest r : backend.primary.findAll(postRequestedFor(urlEqualTo(OpenAiWire.CHAT)))) {
            out.add(JSON.readTree(r.getBodyAsString()));
        }
        return out;
    }

    private LlmRouter answering(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        backend.primary.stubFor(post(urlEqualTo(OpenAiWire.CHAT)).willReturn(answer));
        return backend.router(Backend.config("{type: openai, base_url: \"" + backend.primary.baseUrl() + "\", api_key_env: "
                + WireMockBackend.KEY_ENV + ", allow_insecure_http: true}", null, false, 5));
    }

    @Test
    void theServerSeesTheToolsTheCallAndTheResultPairedByItsId() {
        RouterUnderLangChain4jSuite.WeatherTools tools = new RouterUnderLangChain4jSuite.WeatherTools();
        RouterUnderLangChain4jSuite.Assistant assistant = AiServices.builder(RouterUnderLangChain4jSuite.Assistant.class)
                .chatModel(chatModel(backend.toolThenAnswer("getWeather", "{\"city\":\"Paris\"}", "Sunny.")))
                .tools(tools).build();

        assertThat(assistant.chat("Weather in Paris?")).isEqualTo("Sunny.");

        List<JsonNode> sent = bodies();
        assertThat(sent).hasSize(2);
        JsonNode tool = sent.get(0).get("tools").get(0);
        assertThat(tool.get("type").asString()).isEqualTo("function");
        assertThat(tool.get("function").get("name").asString()).isEqualTo("getWeather");
        assertThat(tool.get("function").get("parameters").toString())
                .isEqualTo("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"description\":\"the city\"}},"
                        + "\"required\":[\"city\"]}");
        JsonNode messages = sent.get(1).get("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).get("tool_calls").get(0).get("id").asString()).isEqualTo("call_1");
        assertThat(messages.get(1).get("tool_calls").get(0).get("function").get("arguments").asString())
                .isEqualTo("{\"city\":\"Paris\"}");
        assertThat(messages.get(2).get("role").asString()).isEqualTo("tool");
        assertThat(messages.get(2).get("tool_call_id").asString()).isEqualTo("call_1");
        assertThat(messages.get(2).get("content").asString()).isEqualTo("sunny, 21 C in Paris");
    }

    @Test
    void theServerIsAskedForTheJsonSchemaOfTheReturnType() {
        RouterUnderLangChain4jSuite.Extractor extractor = AiServices.create(RouterUnderLangChain4jSuite.Extractor.class,
                chatModel(backend.answering(RouterUnderLangChain4jSuite.PERSON_JSON)));

        assertThat(extractor.extract("Ada was 36")).isEqualTo(new RouterUnderLangChain4jSuite.Person("Ada Lovelace", 36));

        JsonNode format = bodies().get(0).get("response_format");
        assertThat(format.get("type").asString()).isEqualTo("json_schema");
        assertThat(format.get("json_schema").get("name").asString()).isEqualTo("Person");
        assertThat(format.get("json_schema").get("schema").get("properties").propertyNames()).containsExactly("name", "age");
    }

    @Test
    void toolCallFragmentsAcrossChunksArriveAsPartialsThenOneCompleteCallEach() throws Exception {
        LlmRouterStreamingChatModel model = streamingModel(answering(OpenAiWire.sse(List.of(
                OpenAiWire.toolChunk(M, 0, "call_a", "getWeather", ""),
                OpenAiWire.toolChunk(M, 0, null, null, "{\"ci"),
                OpenAiWire.toolChunk(M, 1, "call_b", "getTime", "{\"zone\":"),
                OpenAiWire.toolChunk(M, 0, null, null, "ty\":\"Paris\"}"),
                OpenAiWire.toolChunk(M, 1, null, null, "\"CET\"}"),
                OpenAiWire.finishChunk(M, "tool_calls"), OpenAiWire.usageChunk(M)))));
        Recorder recorder = new Recorder();

        model.chat(ChatRequest.builder().messages(UserMessage.from("weather and time?")).build(), recorder);
        awaitRuns();

        assertThat(recorder.events).containsExactly(
                "partial 0 call_a getWeather {\"ci",
                "partial 1 call_b getTime {\"zone\":",
                "partial 0 call_a getWeather ty\":\"Paris\"}",
                "partial 1 call_b getTime \"CET\"}",
                "complete 0 call_a getWeather {\"city\":\"Paris\"}",
                "complete 1 call_b getTime {\"zone\":\"CET\"}",
                "response TOOL_EXECUTION 2 calls");
        assertThat(recorder.response.aiMessage().toolExecutionRequests().get(1).arguments()).isEqualTo("{\"zone\":\"CET\"}");
        assertThat(recorder.response.tokenUsage().totalTokenCount()).isEqualTo(18);
    }

    @Test
    void cancellingMidStreamClosesTheConnectionAndNoCallbackFollows() throws Exception {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            words.add("w" + i + " ");
        }
        // the body trickles out over seconds: the stream is still open when it is cancelled
        LlmRouterStreamingChatModel model = streamingModel(answering(OpenAiWire.textStream(M, words)
                .withChunkedDribbleDelay(40, 8_000)));
        Recorder recorder = new Recorder() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                super.onPartialResponse(partial, context);
                handle = context.streamingHandle();
                handle.cancel();
            }
        };

        model.chat(ChatRequest.builder().messages(UserMessage.from("count")).build(), recorder);
        awaitRuns();

        assertThat(recorder.events).containsExactly("text w0 ");
        assertThat(recorder.handle.isCancelled()).isTrue();
        assertThat(busyConnections()).isZero();
        assertThat(listener.events).containsExactly("request chat OTHER");
    }

    @Test
    void cancellingFromAnotherThreadWhileTheStreamWaitsForDataClosesTheConnectionAtOnce() throws Exception {
        try (HangingSseServer server = new HangingSseServer(List.of(OpenAiWire.textChunk(M, "first "),
                OpenAiWire.textChunk(M, "second ")))) {
            LlmRouterStreamingChatModel model = streamingModel(backend.router(Backend.config(
                    "{type: openai_compatible, base_url: \"" + server.baseUrl() + "\"}", null, false, 5)));
            CompletableFuture<StreamingHandle> secondPartial = new CompletableFuture<>();
            CompletableFuture<Thread> runner = new CompletableFuture<>();
            Recorder recorder = new Recorder() {
                @Override
                public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                    super.onPartialResponse(partial, context);
                    if (events.size() == 2) {
                        runner.complete(Thread.currentThread());
                        secondPartial.complete(context.streamingHandle());
                    }
                }
            };

            model.chat(ChatRequest.builder().messages(UserMessage.from("count")).build(), recorder);
            StreamingHandle handle = secondPartial.get(10, TimeUnit.SECONDS);
            awaitReadingTheSocket(runner.get());
            handle.cancel();

            server.clientClosed.get(10, TimeUnit.SECONDS);
            awaitRuns();
            assertThat(recorder.events).containsExactly("text first ", "text second ");
            assertThat(recorder.response).isNull();
            assertThat(recorder.error).isNull();
            assertThat(busyConnections()).isZero();
        }
    }

    /**
     * Waits until {@code t} is blocked reading its socket (a frame of the JDK's socket input on its
     * stack), on which nothing more will come.
     */
    private static void awaitReadingTheSocket(Thread t) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            for (StackTraceElement f : t.getStackTrace()) {
                if (f.getClassName().startsWith("sun.nio.ch.") || f.getClassName().startsWith("java.net.Socket")) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the stream's thread never blocked reading its socket");
    }

    @Test
    void anExceptionFromTheHandlerEndsTheStreamAndReachesOnErrorOnce() throws Exception {
        LlmRouterStreamingChatModel model = streamingModel(answering(OpenAiWire.textStream(M, List.of("a ", "b ", "c"))));
        IllegalStateException boom = new IllegalStateException("boom");
        Recorder recorder = new Recorder() {
            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                super.onPartialResponse(partial, context);
                throw boom;
            }
        };

        model.chat(ChatRequest.builder().messages(UserMessage.from("abc")).build(), recorder);
        awaitRuns();

        assertThat(recorder.events).containsExactly("text a ", "error IllegalStateException boom");
        assertThat(recorder.error).isSameAs(boom);
        assertThat(busyConnections()).isZero();
    }

    @Test
    void aStreamCutOffAfterItsFirstChunksEndsInStreamInterruptedWithThePartialText() throws Exception {
        LlmRouterStreamingChatModel model = streamingModel(answering(OpenAiWire.truncatedSse(List.of(
                OpenAiWire.textChunk(M, "Hello "), OpenAiWire.textChunk(M, "wor")))));
        Recorder recorder = new Recorder();

        model.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build(), recorder);
        awaitRuns();

        assertThat(recorder.events).containsExactly("text Hello ", "text wor", "error StreamInterruptedException");
        assertThat(((StreamInterruptedException) recorder.error).partialText()).isEqualTo("Hello wor");
        assertThat(listener.events).containsExactly("request chat OTHER", "error StreamInterruptedException OPEN_AI");
    }

    @Test
    void aRequestTheRouterCannotCarryEndsInOnErrorWithoutAnyCall() throws Exception {
        LlmRouterStreamingChatModel model = streamingModel(answering(OpenAiWire.textStream(M, List.of("x"))));
        Recorder recorder = new Recorder();

        model.chat(ChatRequest.builder().messages(UserMessage.from("hi")).topK(5).build(), recorder);
        awaitRuns();

        assertThat(recorder.error).isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("topK");
        assertThat(recorder.events).hasSize(1);
        assertThat(backend.primaryCalls()).isZero();
        assertThat(listener.events).containsExactly("request chat OTHER", "error UnsupportedFeatureException OTHER");
    }

    @ParameterizedTest
    @CsvSource({
            "400, invalid_request_error, , InvalidRequestException, INVALID_REQUEST",
            "400, invalid_request_error, context_length_exceeded, ContextWindowExceededException, CONTEXT_WINDOW",
            "400, invalid_request_error, content_policy_violation, ContentPolicyException, CONTENT_POLICY",
            "401, authentication_error, invalid_api_key, AuthenticationException, AUTHENTICATION",
            "404, invalid_request_error, model_not_found, ModelNotFoundException, MODEL_NOT_FOUND",
            "429, requests, rate_limit_exceeded, ProviderRateLimitException, RATE_LIMITED",
            "429, insufficient_quota, insufficient_quota, InsufficientQuotaException, QUOTA_EXHAUSTED",
            "500, server_error, , ProviderUnavailableException, SERVER_ERROR",
            "503, server_error, , ProviderOverloadedException, SERVER_ERROR"})
    void eachProviderErrorReachesLangChain4jAsItsTypedException(int status, String type, String code, String exception,
                                                                FailureKind kind) throws Exception {
        LlmRouterChatModel chat = chatModel(answering(OpenAiWire.error(status, type, code, "the provider says no")));
        assertThatThrownBy(() -> chat.chat("hi")).satisfies(e -> {
            assertThat(e.getClass().getSimpleName()).isEqualTo(exception);
            assertThat(((LlmRouterException) e).failureKind()).isEqualTo(kind);
            assertThat(((LlmRouterException) e).status()).isEqualTo(status);
        });
        // a new router: some of these failures open the circuit at once, and the stream would meet it
        router.close();
        LlmRouterStreamingChatModel streaming = streamingModel(answering(OpenAiWire.error(status, type, code, "no")));
        Recorder recorder = new Recorder();
        streaming.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build(), recorder);
        awaitRuns();
        assertThat(recorder.error.getClass().getSimpleName()).isEqualTo(exception);
        assertThat(((LlmRouterException) recorder.error).failureKind()).isEqualTo(kind);
        assertThat(listener.events).containsExactly("request chat OTHER", "error " + exception + " OPEN_AI",
                "request chat OTHER", "error " + exception + " OPEN_AI");
    }

    @Test
    void theBuildersRequestOptionsGoWithEveryCall() {
        LlmRouter r = answering(OpenAiWire.text(M, "late").withFixedDelay(5_000));
        router = r;
        LlmRouterChatModel model = LlmRouterChatModel.builder().router(r).defaultModel("chat")
                .requestOptions(RequestOptions.builder().overallTimeout(java.time.Duration.ofMillis(300)).build()).build();

        assertThatThrownBy(() -> model.chat("hi")).isInstanceOf(OverallTimeoutException.class);
    }

    @Test
    void textThenAToolCallInOneStreamGiveBothInTheAggregatedMessage() throws Exception {
        LlmRouterStreamingChatModel model = streamingModel(answering(OpenAiWire.sse(List.of(
                OpenAiWire.textChunk(M, "Let me "), OpenAiWire.textChunk(M, "check."),
                OpenAiWire.toolChunk(M, 0, "call_x", "getWeather", "{\"city\":\"Rome\"}"),
                OpenAiWire.finishChunk(M, "tool_calls")))));
        Recorder recorder = new Recorder();

        model.chat(ChatRequest.builder().messages(UserMessage.from("weather?")).build(), recorder);
        awaitRuns();

        assertThat(recorder.events).containsExactly("text Let me ", "text check.",
                "partial 0 call_x getWeather {\"city\":\"Rome\"}", "complete 0 call_x getWeather {\"city\":\"Rome\"}",
                "response TOOL_EXECUTION 1 calls");
        assertThat(recorder.response.aiMessage().text()).isEqualTo("Let me check.");
        assertThat(recorder.response.tokenUsage()).as("the server sent no usage").isNull();
    }

    @Test
    void listenerAttributesOfTheCallTravelFromOnRequestToOnResponse() {
        List<Object> seen = new CopyOnWriteArrayList<>();
        ChatModelListener tracer = new ChatModelListener() {
            @Override
            public void onRequest(ChatModelRequestContext context) {
                context.attributes().put("span", "started:" + context.attributes().get("trace"));
            }

            @Override
            public void onResponse(ChatModelResponseContext context) {
                seen.add(context.attributes().get("span"));
            }
        };
        LlmRouter r = answering(OpenAiWire.text(M, "ok"));
        router = r;
        LlmRouterChatModel model = LlmRouterChatModel.builder().router(r).defaultModel("chat").listeners(List.of(tracer)).build();

        model.chat(ChatRequest.builder().messages(UserMessage.from("hi")).build(),
                ChatRequestOptions.builder().addListenerAttribute("trace", "t-1").build());

        assertThat(seen).containsExactly("started:t-1");
    }

    @Test
    void aConnectionResetIsAConnectionFailureWithTheAttemptInItsRoute() {
        LlmRouterChatModel chat = chatModel(answering(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThatThrownBy(() -> chat.chat("hi")).isInstanceOfSatisfying(ProviderUnavailableException.class, e -> {
            assertThat(e.failureKind()).isEqualTo(FailureKind.CONNECTION);
            assertThat(e.route().attempts()).hasSize(1);
            assertThat(e.route().attempts().get(0).outcome().wireName()).isEqualTo("connection");
        });
    }

    /** Records every callback as one line, in order; fails on a second ending. */
    static class Recorder implements StreamingChatResponseHandler {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile ChatResponse response;
        volatile Throwable error;
        volatile StreamingHandle handle;

        @Override
        public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
            events.add("text " + partial.text());
        }

        @Override
        public void onPartialToolCall(PartialToolCall call) {
            events.add("partial " + call.index() + " " + call.id() + " " + call.name() + " " + call.partialArguments());
        }

        @Override
        public void onCompleteToolCall(CompleteToolCall call) {
            events.add("complete " + call.index() + " " + call.toolExecutionRequest().id() + " "
                    + call.toolExecutionRequest().name() + " " + call.toolExecutionRequest().arguments());
        }

        @Override
        public void onCompleteResponse(ChatResponse complete) {
            ending();
            response = complete;
            FinishReason finish = complete.finishReason();
            events.add("response " + finish + " " + complete.aiMessage().toolExecutionRequests().size() + " calls");
        }

        @Override
        public void onError(Throwable e) {
            ending();
            error = e;
            events.add("error " + e.getClass().getSimpleName() + (e.getMessage() != null && e instanceof IllegalStateException
                    ? " " + e.getMessage() : ""));
        }

        private void ending() {
            if (response != null || error != null) {
                throw new AssertionError("a second ending after " + events);
            }
        }
    }
}
