package dev.llmrouter.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.image.Image;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ContentPart;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.api.ResponseFormat;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.ToolChoice;
import dev.llmrouter.api.ToolDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * LangChain4j's chat request to llmrouter's: messages (system, user with text and images, AI with
 * tool execution requests, tool results), the common parameters, tool specifications, tool choice
 * and the response format with its JSON schema. The one place where requests are translated.
 * Stateless and thread-safe.
 */
final class RequestMapping {
    /** The schema name sent when a LangChain4j JSON schema has none (OpenAI requires one). */
    static final String DEFAULT_SCHEMA_NAME = "response";

    private RequestMapping() {
    }

    /**
     * The router's request for {@code request}: its {@code modelName} parameter picks the model
     * group or alias, else {@code defaultModel}.
     *
     * @throws UnsupportedFeatureException for what llmrouter's request cannot carry ({@code topK};
     *         audio, video, PDF or custom content; images in tool results)
     * @throws IllegalArgumentException for values llmrouter rejects (out-of-range sampling values,
     *         more than 4 stop sequences, a tool call without an id)
     */
    static ChatRequest toRouter(dev.langchain4j.model.chat.request.ChatRequest request, String defaultModel,
                                RequestOptions options) {
        ChatRequestParameters p = request.parameters();
        if (p.topK() != null) {
            throw new UnsupportedFeatureException("topK is not supported by llmrouter: its requests follow the OpenAI "
                    + "chat shape, which has no top-k; leave topK unset");
        }
        String model = p.modelName() != null && !p.modelName().isBlank() ? p.modelName() : defaultModel;
        ChatRequest.Builder b = ChatRequest.builder().model(model).options(options);
        for (dev.langchain4j.data.message.ChatMessage m : request.messages()) {
            b.message(message(m));
        }
        if (p.temperature() != null) {
            b.temperature(p.temperature());
        }
        if (p.topP() != null) {
            b.topP(p.topP());
        }
        if (p.maxOutputTokens() != null) {
            b.maxTokens(p.maxOutputTokens());
        }
        if (p.frequencyPenalty() != null) {
            b.frequencyPenalty(p.frequencyPenalty());
        }
        if (p.presencePenalty() != null) {
            b.presencePenalty(p.presencePenalty());
        }
        if (p.stopSequences() != null && !p.stopSequences().isEmpty()) {
            b.stop(p.stopSequences());
        }
        if (p.toolSpecifications() != null) {
            p.toolSpecifications().forEach(t -> b.tool(tool(t)));
        }
        if (p.toolChoice() != null) {
            b.toolChoice(switch (p.toolChoice()) {
                case AUTO -> ToolChoice.AUTO;
                case REQUIRED -> ToolChoice.REQUIRED;
                case NONE -> ToolChoice.NONE;
            });
        }
        if (p.responseFormat() != null) {
            b.responseFormat(responseFormat(p.responseFormat()));
        }
        return b.build();
    }

    static ChatMessage message(dev.langchain4j.data.message.ChatMessage m) {
        if (m instanceof SystemMessage s) {
            return ChatMessage.system(s.text());
        }
        if (m instanceof UserMessage u) {
            ChatMessage.Builder b = ChatMessage.builder(Role.USER).name(u.name());
            u.contents().forEach(c -> b.part(part(c, "a user message")));
            return b.build();
        }
        if (m instanceof AiMessage a) {
            if (!a.hasToolExecutionRequests()) {
                return ChatMessage.assistant(a.text() == null ? "" : a.text());
            }
            List<ToolCall> calls = new ArrayList<>();
            for (ToolExecutionRequest r : a.toolExecutionRequests()) {
                if (r.id() == null || r.id().isEmpty()) {
                    throw new IllegalArgumentException("the tool execution request for '" + r.name()
                            + "' has no id; llmrouter pairs tool results with their calls by id");
                }
                calls.add(new ToolCall(r.id(), r.name(), r.arguments()));
            }
            return ChatMessage.assistantToolCalls(a.text(), calls);
        }
        if (m instanceof ToolExecutionResultMessage t) {
            if (t.id() == null || t.id().isEmpty()) {
                throw new IllegalArgumentException("the result of tool '" + t.toolName()
                        + "' has no id; llmrouter pairs tool results with their calls by id");
            }
            ChatMessage.Builder b = ChatMessage.builder(Role.TOOL).toolCallId(t.id()).name(t.toolName());
            for (Content c : t.contents()) {
                if (!(c instanceof TextContent)) {
                    throw new UnsupportedFeatureException("a tool result with " + c.type() + " content is not supported "
                            + "by llmrouter (tool results carry text)");
                }
                b.part(part(c, "a tool result"));
            }
            return b.build();
        }
        throw new UnsupportedFeatureException("a " + m.type() + " message (" + m.getClass().getSimpleName()
                + ") is not supported by llmrouter: it maps system, user, AI and tool result messages");
    }

    private static ContentPart part(Content c, String where) {
        if (c instanceof TextContent t) {
            return ContentPart.text(t.text());
        }
        if (c instanceof ImageContent i) {
            Image image = i.image();
            ContentPart.Image part = image.url() != null ? ContentPart.imageUrl(image.url().toString())
                    : ContentPart.imageBase64(image.mimeType(), image.base64Data());
            String detail = detail(i.detailLevel());
            return detail == null ? part : part.withDetail(detail);
        }
        throw new UnsupportedFeatureException(c.type() + " content in " + where + " is not supported by llmrouter: "
                + "messages carry text and images");
    }

    /** OpenAI's detail hint; levels it does not know ({@code MEDIUM}, {@code ULTRA_HIGH}) are left to the server. */
    private static String detail(ImageContent.DetailLevel level) {
        if (level == null) {
            return null;
        }
        return switch (level) {
            case LOW, HIGH, AUTO -> level.name().toLowerCase(Locale.ROOT);
            default -> null;
        };
    }

    static ToolDefinition tool(ToolSpecification t) {
        String parameters = t.parameters() == null ? null : JsonSchemas.toJson(t.parameters());
        return new ToolDefinition(t.name(), t.description(), parameters, t.strict());
    }

    static ResponseFormat responseFormat(dev.langchain4j.model.chat.request.ResponseFormat f) {
        if (f.type() == ResponseFormatType.TEXT) {
            return ResponseFormat.TEXT;
        }
        JsonSchema schema = f.jsonSchema();
        if (schema == null || schema.rootElement() == null) {
            return ResponseFormat.JSON_OBJECT;
        }
        String name = schema.name() == null || schema.name().isBlank() ? DEFAULT_SCHEMA_NAME : schema.name();
        return ResponseFormat.jsonSchema(name, JsonSchemas.toJson(schema.rootElement()), null);
    }
}
