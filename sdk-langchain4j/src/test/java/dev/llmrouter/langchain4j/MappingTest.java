package dev.llmrouter.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.AudioContent;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.llmrouter.api.AttemptOutcome;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentPart;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.api.ResponseFormat;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.Route;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.ToolDefinition;
import dev.llmrouter.api.Usage;
import dev.llmrouter.spi.provider.ProviderType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every field of the mapping, both ways, with exact values. */
@Tag("unit")
class MappingTest {
    private static final RequestOptions OPTIONS = RequestOptions.builder().tags(java.util.Set.of("gpu")).build();

    private static dev.langchain4j.model.chat.request.ChatRequest.Builder lc4j() {
        return dev.langchain4j.model.chat.request.ChatRequest.builder().messages(UserMessage.from("hi"));
    }

    private static ChatRequest map(dev.langchain4j.model.chat.request.ChatRequest request) {
        return RequestMapping.toRouter(request, "default-group", OPTIONS);
    }

    @Test
    void theModelNameParameterPicksTheGroupElseTheDefault() {
        assertThat(map(lc4j().build()).model()).isEqualTo("default-group");
        assertThat(map(lc4j().modelName("coder").build()).model()).isEqualTo("coder");
        assertThat(map(lc4j().build()).options()).isSameAs(OPTIONS);
    }

    @Test
    void everyCommonParameterIsCarried() {
        ChatRequest r = map(lc4j().temperature(0.3).topP(0.9).maxOutputTokens(256).frequencyPenalty(0.5)
                .presencePenalty(-0.5).stopSequences(List.of("END", "STOP")).build());

        assertThat(r.temperature()).hasValue(0.3);
        assertThat(r.topP()).hasValue(0.9);
        assertThat(r.maxTokens()).hasValue(256);
        assertThat(r.frequencyPenalty()).hasValue(0.5);
        assertThat(r.presencePenalty()).hasValue(-0.5);
        assertThat(r.stop()).containsExactly("END", "STOP");
        assertThat(r.tools()).isEmpty();
        assertThat(r.toolChoice()).isEmpty();
        assertThat(r.responseFormat()).isEmpty();
    }

    @Test
    void unsetParametersStayUnsetForTheServerToDecide() {
        ChatRequest r = map(lc4j().build());

        assertThat(r.temperature()).isEmpty();
        assertThat(r.topP()).isEmpty();
        assertThat(r.maxTokens()).isEmpty();
        assertThat(r.stop()).isEmpty();
    }

    @Test
    void topKIsRefusedBecauseTheRoutersRequestHasNoPlaceForIt() {
        assertThatThrownBy(() -> map(lc4j().topK(40).build())).isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("topK");
    }

    @Test
    void valuesTheRouterRejectsFailWithItsMessage() {
        assertThatThrownBy(() -> map(lc4j().temperature(2.5).build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("temperature must be between 0 and 2, got 2.5");
    }

    @Test
    void systemUserAiAndToolMessagesMapInOrder() {
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("call_7").name("getWeather")
                .arguments("{\"city\":\"Oslo\"}").build();
        ChatRequest r = map(dev.langchain4j.model.chat.request.ChatRequest.builder().messages(
                SystemMessage.from("be brief"), UserMessage.from("alice", "weather?"), AiMessage.from(call),
                ToolExecutionResultMessage.from(call, "-3 C"), AiMessage.from("It is -3 C.")).build());

        List<ChatMessage> m = r.messages();
        assertThat(m).extracting(ChatMessage::role).containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT, Role.TOOL,
                Role.ASSISTANT);
        assertThat(m.get(0).text()).isEqualTo("be brief");
        assertThat(m.get(1).text()).isEqualTo("weather?");
        assertThat(m.get(1).name()).contains("alice");
        assertThat(m.get(2).toolCalls()).containsExactly(new ToolCall("call_7", "getWeather", "{\"city\":\"Oslo\"}"));
        assertThat(m.get(2).content()).isEmpty();
        assertThat(m.get(3).toolCallId()).contains("call_7");
        assertThat(m.get(3).name()).contains("getWeather");
        assertThat(m.get(3).text()).isEqualTo("-3 C");
        assertThat(m.get(4).text()).isEqualTo("It is -3 C.");
    }

    @Test
    void anAiMessageWithTextAndToolCallsKeepsBoth() {
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("c1").name("f").arguments("{}").build();
        ChatMessage m = RequestMapping.message(AiMessage.from("Let me check.", List.of(call)));

        assertThat(m.text()).isEqualTo("Let me check.");
        assertThat(m.toolCalls()).containsExactly(new ToolCall("c1", "f", "{}"));
    }

    @Test
    void imagesGoAsUrlOrBase64WithTheDetailHintsOpenAiKnows() {
        // LangChain4j's default detail level is LOW, as its own OpenAI model sends it
        ChatMessage m = RequestMapping.message(UserMessage.from(TextContent.from("what is this?"),
                ImageContent.from("https://example.com/cat.png", ImageContent.DetailLevel.LOW),
                ImageContent.from("aGVsbG8=", "image/png"),
                ImageContent.from("https://example.com/dog.png", ImageContent.DetailLevel.ULTRA_HIGH)));

        assertThat(m.content()).containsExactly(ContentPart.text("what is this?"),
                ContentPart.imageUrl("https://example.com/cat.png").withDetail("low"),
                ContentPart.imageBase64("image/png", "aGVsbG8=").withDetail("low"),
                ContentPart.imageUrl("https://example.com/dog.png"));
    }

    @Test
    void contentTheRouterCannotCarryIsRefusedNamingIt() {
        assertThatThrownBy(() -> RequestMapping.message(UserMessage.from(AudioContent.from("AAAA", "audio/wav"))))
                .isInstanceOf(UnsupportedFeatureException.class).hasMessageContaining("AUDIO content in a user message");
        ToolExecutionResultMessage imageResult = ToolExecutionResultMessage.builder().id("c1").toolName("f")
                .contents(List.of(ImageContent.from("https://example.com/x.png"))).build();
        assertThatThrownBy(() -> RequestMapping.message(imageResult)).isInstanceOf(UnsupportedFeatureException.class)
                .hasMessageContaining("IMAGE");
    }

    @Test
    void aToolCallWithoutAnIdIsABadRequestNamingTheTool() {
        AiMessage noId = AiMessage.from(ToolExecutionRequest.builder().name("getWeather").arguments("{}").build());
        assertThatThrownBy(() -> RequestMapping.message(noId)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'getWeather' has no id");
    }

    @Test
    void toolSpecificationsBecomeFunctionsWithTheirJsonSchemaAndToolChoiceMaps() {
        ToolSpecification weather = ToolSpecification.builder().name("getWeather").description("weather in a city")
                .parameters(JsonObjectSchema.builder().addStringProperty("city", "the city")
                        .addEnumProperty("unit", List.of("C", "F")).required("city").build())
                .strict(true).build();
        ToolSpecification ping = ToolSpecification.builder().name("ping").build();

        ChatRequest r = map(lc4j().toolSpecifications(weather, ping)
                .toolChoice(dev.langchain4j.model.chat.request.ToolChoice.REQUIRED).build());

        assertThat(r.tools()).containsExactly(
                new ToolDefinition("getWeather", "weather in a city", "{\"type\":\"object\",\"properties\":{\"city\":"
                        + "{\"type\":\"string\",\"description\":\"the city\"},\"unit\":{\"type\":\"string\",\"enum\":[\"C\",\"F\"]}},"
                        + "\"required\":[\"city\"]}", true),
                ToolDefinition.function("ping", "", null));
        assertThat(r.toolChoice()).contains(ToolChoice.REQUIRED);
        assertThat(map(lc4j().toolChoice(dev.langchain4j.model.chat.request.ToolChoice.AUTO).build()).toolChoice())
                .contains(ToolChoice.AUTO);
        assertThat(map(lc4j().toolChoice(dev.langchain4j.model.chat.request.ToolChoice.NONE).build()).toolChoice())
                .contains(ToolChoice.NONE);
    }

    @Test
    void responseFormatsMapToTextJsonObjectOrJsonSchema() {
        assertThat(map(lc4j().responseFormat(dev.langchain4j.model.chat.request.ResponseFormat.TEXT).build())
                .responseFormat()).contains(ResponseFormat.TEXT);
        assertThat(map(lc4j().responseFormat(dev.langchain4j.model.chat.request.ResponseFormat.JSON).build())
                .responseFormat()).contains(ResponseFormat.JSON_OBJECT);
        JsonSchema person = JsonSchema.builder().name("Person").rootElement(JsonObjectSchema.builder()
                .addStringProperty("name").addIntegerProperty("age").required("name", "age")
                .additionalProperties(false).build()).build();
        assertThat(map(lc4j().responseFormat(dev.langchain4j.model.chat.request.ResponseFormat.builder()
                .type(ResponseFormatType.JSON).jsonSchema(person).build()).build()).responseFormat())
                .contains(ResponseFormat.jsonSchema("Person", "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":"
                        + "\"string\"},\"age\":{\"type\":\"integer\"}},\"required\":[\"name\",\"age\"],"
                        + "\"additionalProperties\":false}", null));
        JsonSchema unnamed = JsonSchema.builder().rootElement(new JsonStringSchema()).build();
        assertThat(RequestMapping.responseFormat(dev.langchain4j.model.chat.request.ResponseFormat.builder()
                .type(ResponseFormatType.JSON).jsonSchema(unnamed).build()).schemaName()).contains("response");
    }

    @Test
    void everyJsonSchemaElementTypeIsWrittenWithAllItsFields() {
        JsonObjectSchema root = JsonObjectSchema.builder().description("root")
                .addProperty("n", JsonNumberSchema.builder().description("a number").build())
                .addProperty("b", new JsonBooleanSchema())
                .addProperty("nothing", new JsonNullSchema())
                .addProperty("list", JsonArraySchema.builder().items(new JsonIntegerSchema()).build())
                .addProperty("any", JsonArraySchema.builder().build())
                .addProperty("either", JsonAnyOfSchema.builder().description("one of").anyOf(new JsonStringSchema(),
                        JsonReferenceSchema.builder().reference("node").build()).build())
                .addProperty("color", JsonEnumSchema.builder().enumValues("red", "green").description("c").build())
                .addProperty("raw", JsonRawSchema.from("{\"type\":\"string\",\"format\":\"date\"}"))
                .definitions(Map.of("node", JsonObjectSchema.builder().addStringProperty("id").build()))
                .build();

        assertThat(JsonSchemas.toJson(root)).isEqualTo("{\"type\":\"object\",\"description\":\"root\",\"properties\":{"
                + "\"n\":{\"type\":\"number\",\"description\":\"a number\"},\"b\":{\"type\":\"boolean\"},"
                + "\"nothing\":{\"type\":\"null\"},\"list\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}},"
                + "\"any\":{\"type\":\"array\",\"items\":{}},"
                + "\"either\":{\"description\":\"one of\",\"anyOf\":[{\"type\":\"string\"},{\"$ref\":\"#/$defs/node\"}]},"
                + "\"color\":{\"type\":\"string\",\"description\":\"c\",\"enum\":[\"red\",\"green\"]},"
                + "\"raw\":{\"type\":\"string\",\"format\":\"date\"}},"
                + "\"$defs\":{\"node\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}}}");
    }

    @Test
    void aRawSchemaThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> JsonSchemas.toJson(JsonRawSchema.from("{not json")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JsonRawSchema is not valid JSON");
    }

    private static final Route ROUTE = Route.builder("chat", "chat").answeredBy("chat/openai/gpt-4o#0", "openai", "gpt-4o")
            .attempts(List.of(AttemptRecord.builder("chat/vllm/qwen#0", "vllm", "qwen")
                    .outcome(AttemptOutcome.SERVER_ERROR).httpStatus(503).latency(Duration.ofMillis(12)).build(),
                    AttemptRecord.builder("chat/openai/gpt-4o#0", "openai", "gpt-4o").outcome(AttemptOutcome.SUCCESS)
                            .httpStatus(200).latency(Duration.ofMillis(80)).build()))
            .build();

    @Test
    void aResponseCarriesTextUsageIdModelFinishAndRoute() {
        ChatResponse r = ChatResponse.builder().id("chatcmpl-9").model("gpt-4o-2024-08-06")
                .message(ChatMessage.assistant("Hi!")).rawFinishReason("stop").usage(new Usage(12, 3, 15, 4))
                .providerRequestId("req-1").route(ROUTE).build();

        dev.langchain4j.model.chat.response.ChatResponse out = ResponseMapping.toLangChain4j(r);

        assertThat(out.aiMessage()).isEqualTo(AiMessage.from("Hi!"));
        assertThat(out.id()).isEqualTo("chatcmpl-9");
        assertThat(out.modelName()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(out.tokenUsage()).isEqualTo(new TokenUsage(12, 3, 15));
        assertThat(out.finishReason()).isEqualTo(FinishReason.STOP);
        LlmRouterChatResponseMetadata m = (LlmRouterChatResponseMetadata) out.metadata();
        assertThat(m.route()).isSameAs(ROUTE);
        assertThat(m.provider()).isEqualTo("openai");
        assertThat(m.deploymentId()).isEqualTo("chat/openai/gpt-4o#0");
        assertThat(m.rawFinishReason()).isEqualTo("stop");
        assertThat(m.providerRequestId()).isEqualTo("req-1");
        assertThat(m.toBuilder().build()).isEqualTo(m);
    }

    @Test
    void toolCallsBecomeToolExecutionRequestsAndTheFinishReasonSaysSo() {
        ChatResponse r = ChatResponse.builder().message(ChatMessage.assistantToolCalls(null,
                List.of(new ToolCall("call_1", "getWeather", "{\"city\":\"Paris\"}")))).rawFinishReason("stop").build();

        dev.langchain4j.model.chat.response.ChatResponse out = ResponseMapping.toLangChain4j(r);

        assertThat(out.aiMessage().text()).isNull();
        assertThat(out.aiMessage().toolExecutionRequests()).containsExactly(ToolExecutionRequest.builder().id("call_1")
                .name("getWeather").arguments("{\"city\":\"Paris\"}").build());
        assertThat(out.finishReason()).isEqualTo(FinishReason.TOOL_EXECUTION);
        assertThat(out.id()).isNull();
        assertThat(out.tokenUsage()).as("no usage reported").isNull();
        assertThat(((LlmRouterChatResponseMetadata) out.metadata()).route()).isEqualTo(Route.NONE);
    }

    @Test
    void withoutAModelInTheAnswerTheDeploymentsModelIsReported() {
        ChatResponse r = ChatResponse.builder().message(ChatMessage.assistant("x")).route(ROUTE).build();
        assertThat(ResponseMapping.toLangChain4j(r).modelName()).isEqualTo("gpt-4o");
        assertThat(ResponseMapping.toLangChain4j(r).finishReason()).as("no finish reason sent").isNull();
    }

    @ParameterizedTest
    @CsvSource({"stop, STOP", "end_turn, STOP", "length, LENGTH", "max_tokens, LENGTH",
            "model_context_window_exceeded, LENGTH", "tool_calls, TOOL_EXECUTION", "content_filter, CONTENT_FILTER",
            "refusal, CONTENT_FILTER", "pause_turn, OTHER"})
    void finishReasonsMapToLangChain4jsEnum(String raw, FinishReason expected) {
        ChatResponse r = ChatResponse.builder().message(ChatMessage.assistant("x")).rawFinishReason(raw).build();
        assertThat(ResponseMapping.toLangChain4j(r).finishReason()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"OPENAI, OPEN_AI", "ANTHROPIC, ANTHROPIC", "OLLAMA, OLLAMA", "VLLM, OTHER", "LLAMA_CPP, OTHER",
            "DEEPSEEK, OTHER", "OPENAI_COMPATIBLE, OTHER", "MOCK, OTHER"})
    void providerTypesMapToLangChain4jsModelProvider(ProviderType type, ModelProvider expected) {
        assertThat(ResponseMapping.modelProvider(type)).isEqualTo(expected);
    }

    @Test
    void defaultParametersSitUnderTheRequestsOwnAndTheDefaultModelIsTheirModelName() {
        try (dev.llmrouter.LlmRouter router = dev.llmrouter.LlmRouter.builder().config(dev.llmrouter.config.ConfigLoader
                .fromString(Backend.config("{type: mock}", null, false, 5), "m.yaml")).build()) {
            LlmRouterChatModel model = LlmRouterChatModel.builder().router(router).defaultModel("chat")
                    .defaultRequestParameters(ChatRequestParameters.builder().temperature(0.2).maxOutputTokens(100).build())
                    .build();

            assertThat(model.defaultRequestParameters().modelName()).isEqualTo("chat");
            assertThat(model.defaultRequestParameters().temperature()).isEqualTo(0.2);
            assertThat(model.provider()).isEqualTo(ModelProvider.OTHER);
            assertThat(model.supportedCapabilities()).containsExactly(dev.langchain4j.model.chat.Capability.RESPONSE_FORMAT_JSON_SCHEMA);
            assertThatThrownBy(() -> LlmRouterChatModel.builder().router(router).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("defaultModel");
            assertThatThrownBy(() -> LlmRouterStreamingChatModel.builder().defaultModel("chat").build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("router(LlmRouter) is required");
        }
    }
}
