package dev.llmrouter.cli.chat;

import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;

import java.util.List;
import java.util.Objects;

/**
 * The settings a chat request is built from: model, optional system prompt and optional output
 * token cap. Immutable and thread-safe.
 *
 * @param model the model group or alias
 * @param system the system prompt, or null for none
 * @param maxTokens the output token cap, or null for the server's default
 */
public record PromptSettings(String model, String system, Integer maxTokens) {
    /** @throws NullPointerException when the model is null */
    public PromptSettings {
        Objects.requireNonNull(model, "model");
    }

    /** These settings with another model. */
    public PromptSettings withModel(String newModel) {
        return new PromptSettings(newModel, system, maxTokens);
    }

    /** These settings with another system prompt (null or blank removes it). */
    public PromptSettings withSystem(String newSystem) {
        return new PromptSettings(model, newSystem == null || newSystem.isBlank() ? null : newSystem, maxTokens);
    }

    /** A request: the system prompt (if any), then the conversation so far, then the new user message. */
    public ChatRequest request(List<ChatMessage> history, String userText) {
        ChatRequest.Builder b = ChatRequest.builder().model(model);
        if (system != null) {
            b.message(ChatMessage.system(system));
        }
        history.forEach(b::message);
        b.message(ChatMessage.user(userText));
        if (maxTokens != null) {
            b.maxTokens(maxTokens);
        }
        return b.build();
    }
}
