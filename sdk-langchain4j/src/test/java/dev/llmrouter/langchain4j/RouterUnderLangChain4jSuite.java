package dev.llmrouter.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.TokenStream;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ProviderOverloadedException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * LangChain4j driving the router end to end: plain and streamed chat, an AI Service with a
 * {@code @Tool} (whole and streamed), JSON schema output, a fallback after a 503, an open circuit,
 * listeners and typed failures. Each subclass puts other model servers behind the router
 * ({@link Backend}); the assertions are the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RouterUnderLangChain4jSuite {
    static final String ANSWER = "Hello from the router";
    static final String BACKUP = "Hello from the backup";
    static final String WEATHER_ARGS = "{\"city\":\"Paris\"}";
    static final String AFTER_TOOL = "It is sunny in Paris";
    static final String PERSON_JSON = "{\"name\":\"Ada Lovelace\",\"age\":36}";

    private Backend backend;
    private LlmRouter router;
    private RecordingListener listener;

    /** The backend of this test class. */
    abstract Backend backend();

    @BeforeAll
    void startBackend() {
        backend = backend();
    }

    @BeforeEach
    void reset() {
        backend.reset();
        listener = new RecordingListener();
        router = null;
    }

    @AfterEach
    void closeRouter() {
        if (router != null) {
            router.close();
        }
    }

    @AfterAll
    void stopBackend() {
        backend.close();
    }

    private ChatModel chatModel(LlmRouter r) {
        router = r;
        return LlmRouterChatModel.builder().router(r).defaultModel("chat").listeners(List.of(listener)).build();
    }

    private StreamingChatModel streamingModel(LlmRouter r) {
        router = r;
        return LlmRouterStreamingChatModel.builder().router(r).defaultModel("chat").listeners(List.of(listener)).build();
    }

    interface Assistant {
        String chat(String message);
    }

    interface StreamingAssistant {
        TokenStream chat(String message);
    }

    record Person(String name, int age) {
    }

    interface Extractor {
        Person extract(String text);
    }

    static final class WeatherTools {
        final List<String> cities = new CopyOnWriteArrayList<>();

        @Tool("The current weather in a city")
        String getWeather(@P(name = "city", description = "the city") String city) {
            cities.add(city);
            return "sunny, 21 C in " + city;
        }
    }

    @Test
    void aPlainChatComesBackWithItsTextUsageFinishReasonAndRoute() {
        ChatModel model = chatModel(backend.answering(ANSWER));

        ChatResponse response = model.chat(dev.langchain4j.model.chat.request.ChatRequest.builder()
                .messages(dev.langchain4j.data.message.UserMessage.from("Say hello")).build());

        assertThat(response.aiMessage().text()).isEqualTo(ANSWER);
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokenUsage().totalTokenCount()).isPositive();
        assertThat(response.tokenUsage().totalTokenCount())
                .isEqualTo(response.tokenUsage().inputTokenCount() + response.tokenUsage().outputTokenCount());
        LlmRouterChatResponseMetadata metadata = (LlmRouterChatResponseMetadata) response.metadata();
        assertThat(metadata.provider()).isEqualTo("primary");
        assertThat(metadata.route().group()).isEqualTo("chat");
        assertThat(metadata.route().attempts()).extracting(a -> a.outcome().wireName()).containsExactly("success");
        assertThat(response.modelName()).isEqualTo("primary-model");
        assertThat(listener.events).containsExactly("request chat OTHER", "response primary-model " + backend.primaryKind());
    }

    @Test
    void aStreamDeliversEveryWordThenTheAggregatedResponse() throws Exception {
        StreamingChatModel model = streamingModel(backend.answering(ANSWER));
        Collector collector = new Collector();

        model.chat("Say hello", collector);

        ChatResponse response = collector.done.get(10, TimeUnit.SECONDS);
        assertThat(collector.partials).containsExactly("Hello ", "from ", "the ", "router");
        assertThat(response.aiMessage().text()).isEqualTo(ANSWER);
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.tokenUsage().totalTokenCount()).isPositive();
        assertThat(((LlmRouterChatResponseMetadata) response.metadata()).deploymentId()).startsWith("chat/primary/");
        assertThat(listener.events).containsExactly("request chat OTHER", "response primary-model " + backend.primaryKind());
    }

    @Test
    void anAiServiceCallsItsToolThroughTheRouterAndAnswers() {
        WeatherTools tools = new WeatherTools();
        Assistant assistant = AiServices.builder(Assistant.class)
                .chatModel(chatModel(backend.toolThenAnswer("getWeather", WEATHER_ARGS, AFTER_TOOL))).tools(tools).build();

        String answer = assistant.chat("What is the weather in Paris?");

        assertThat(answer).isEqualTo(AFTER_TOOL);
        assertThat(tools.cities).containsExactly("Paris");
        assertThat(listener.toolsOffered).containsExactly(List.of("getWeather"), List.of("getWeather"));
        assertThat(listener.events).hasSize(4);
    }

    @Test
    void aStreamingAiServiceCallsItsToolThroughTheRouterAndStreamsTheAnswer() throws Exception {
        WeatherTools tools = new WeatherTools();
        StreamingAssistant assistant = AiServices.builder(StreamingAssistant.class)
                .streamingChatModel(streamingModel(backend.toolThenAnswer("getWeather", WEATHER_ARGS, AFTER_TOOL)))
                .tools(tools).build();
        List<String> partials = new CopyOnWriteArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        assistant.chat("What is the weather in Paris?").onPartialResponse(partials::add)
                .onCompleteResponse(done::complete).onError(done::completeExceptionally).start();

        ChatResponse response = done.get(10, TimeUnit.SECONDS);
        assertThat(response.aiMessage().text()).isEqualTo(AFTER_TOOL);
        assertThat(String.join("", partials)).isEqualTo(AFTER_TOOL);
        assertThat(tools.cities).containsExactly("Paris");
    }

    @Test
    void anAiServiceGetsStructuredOutputThroughAJsonSchema() {
        Extractor extractor = AiServices.create(Extractor.class, chatModel(backend.answering(PERSON_JSON)));

        Person person = extractor.extract("Ada Lovelace was 36.");

        assertThat(person).isEqualTo(new Person("Ada Lovelace", 36));
        assertThat(listener.responseFormats).containsExactly("JSON Person");
    }

    @Test
    void a503FallsBackToTheBackupGroupAndTheRouteSaysSo() {
        Assistant assistant = AiServices.create(Assistant.class, chatModel(backend.primaryDown(5, BACKUP)));

        assertThat(assistant.chat("hello")).isEqualTo(BACKUP);

        ChatResponse response = listener.responses.get(0);
        LlmRouterChatResponseMetadata metadata = (LlmRouterChatResponseMetadata) response.metadata();
        assertThat(metadata.route().attempts()).extracting(AttemptRecord::provider, a -> a.outcome().wireName(), AttemptRecord::httpStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("primary", "server_error", 503),
                        org.assertj.core.groups.Tuple.tuple("backup", "success", 200));
        assertThat(metadata.route().fallbackGroups()).containsExactly("backup");
        assertThat(metadata.provider()).isEqualTo("backup");
        assertThat(backend.primaryCalls()).isEqualTo(1);
    }

    @Test
    void anOpenCircuitSkipsThePrimaryWithoutCallingIt() throws Exception {
        ChatModel model = chatModel(backend.primaryDown(1, BACKUP));
        StreamingChatModel streaming = LlmRouterStreamingChatModel.builder().router(router).defaultModel("chat").build();

        assertThat(model.chat("first")).isEqualTo(BACKUP);
        assertThat(model.chat("second")).isEqualTo(BACKUP);
        Collector collector = new Collector();
        streaming.chat("third", collector);
        ChatResponse streamed = collector.done.get(10, TimeUnit.SECONDS);

        assertThat(backend.primaryCalls()).isEqualTo(1);
        LlmRouterChatResponseMetadata second = (LlmRouterChatResponseMetadata) listener.responses.get(1).metadata();
        assertThat(second.route().attempts()).extracting(AttemptRecord::provider).containsExactly("backup");
        assertThat(second.route().fallbackGroups()).containsExactly("backup");
        assertThat(streamed.aiMessage().text()).isEqualTo(BACKUP);
        assertThat(((LlmRouterChatResponseMetadata) streamed.metadata()).route().attempts())
                .extracting(AttemptRecord::provider).containsExactly("backup");
    }

    @Test
    void whenEveryDeploymentFailsTheCallerGetsTheRoutersTypedException() throws Exception {
        ChatModel model = chatModel(backend.allDown());
        StreamingChatModel streaming = LlmRouterStreamingChatModel.builder().router(router).defaultModel("chat")
                .listeners(List.of(listener)).build();

        assertThatThrownBy(() -> model.chat("hello")).isInstanceOf(ProviderOverloadedException.class)
                .satisfies(e -> assertThat(((ProviderOverloadedException) e).status()).isEqualTo(503));
        Collector collector = new Collector();
        streaming.chat("hello", collector);
        assertThat(collector.done).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                .havingCause().isInstanceOf(ProviderOverloadedException.class);

        assertThat(listener.events).containsExactly("request chat OTHER", "error ProviderOverloadedException "
                + backend.primaryKind(), "request chat OTHER", "error ProviderOverloadedException " + backend.primaryKind());
        assertThat(collector.partials).isEmpty();
    }

    /** A streaming handler that records partials and completes a future once. */
    static final class Collector implements StreamingChatResponseHandler {
        final List<String> partials = new CopyOnWriteArrayList<>();
        final CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        @Override
        public void onPartialResponse(String partialResponse) {
            partials.add(partialResponse);
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            if (!done.complete(completeResponse)) {
                throw new AssertionError("a second ending: " + completeResponse);
            }
        }

        @Override
        public void onError(Throwable error) {
            if (!done.completeExceptionally(error)) {
                throw new AssertionError("a second ending", error);
            }
        }
    }

    /** Records what LangChain4j listeners are told, one line per call. */
    static final class RecordingListener implements ChatModelListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<ChatResponse> responses = new CopyOnWriteArrayList<>();
        final List<List<String>> toolsOffered = new CopyOnWriteArrayList<>();
        final List<String> responseFormats = new CopyOnWriteArrayList<>();

        @Override
        public void onRequest(ChatModelRequestContext context) {
            events.add("request " + context.chatRequest().modelName() + " " + context.modelProvider());
            if (context.chatRequest().toolSpecifications() != null && !context.chatRequest().toolSpecifications().isEmpty()) {
                toolsOffered.add(context.chatRequest().toolSpecifications().stream().map(t -> t.name()).toList());
            }
            var format = context.chatRequest().responseFormat();
            if (format != null && format.type() == ResponseFormatType.JSON && format.jsonSchema() != null) {
                responseFormats.add("JSON " + format.jsonSchema().name());
            }
        }

        @Override
        public void onResponse(ChatModelResponseContext context) {
            responses.add(context.chatResponse());
            events.add("response " + context.chatResponse().modelName() + " " + context.modelProvider());
        }

        @Override
        public void onError(ChatModelErrorContext context) {
            events.add("error " + context.error().getClass().getSimpleName() + " " + context.modelProvider());
        }
    }
}
