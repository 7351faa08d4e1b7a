package dev.llmrouter.spring.ai;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatStream;
import java.util.Objects;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A Spring AI {@link ChatModel} (streaming included) backed by the router: a Spring AI application
 * gets routing, fallbacks, circuits and limits without changing its code, and
 * {@code ChatClient.builder(chatModel)} works on top. The prompt's model option names a model group
 * or alias ({@code llmrouter.chat-model.model} when it names none); temperature, top-p, max tokens,
 * stop sequences and tool callbacks are passed on; tool calls come back in the
 * {@code AssistantMessage} (the ChatClient's tool-calling advisor runs them and calls again). The
 * response metadata carries the usage, the finish reason ({@code STOP}, {@code TOOL_CALLS},
 * {@code LENGTH} ...) and the route ({@code llmrouter.group}, {@code llmrouter.deployment},
 * {@code llmrouter.provider}, {@code llmrouter.fallbacks}, {@code llmrouter.attempts},
 * {@code llmrouter.cache-hit}). Failures surface as the router's typed {@code LlmRouterException}.
 * Thread-safe.
 */
public final class LlmRouterChatModel implements ChatModel {
    private final LlmRouter router;
    private final String defaultModel;

    /** Answers through {@code router}; prompts that name no model go to {@code defaultModel}. */
    public LlmRouterChatModel(LlmRouter router, String defaultModel) {
        this.router = Objects.requireNonNull(router, "router");
        this.defaultModel = Objects.requireNonNull(defaultModel, "defaultModel");
    }

    @Override
    public ChatResponse call(Prompt prompt) {
        return SpringAiMapping.response(router.chat(SpringAiMapping.request(prompt, defaultModel)));
    }

    /**
     * Streams the answer: one response per text chunk, then a last one with the tool calls, finish
     * reason, usage and route of the whole answer. Cancelling the subscription closes the stream,
     * which cancels the provider call. The blocking reads run on Reactor's bounded-elastic threads.
     */
    @Override
    public Flux<ChatResponse> stream(Prompt prompt) {
        ChatRequest request = SpringAiMapping.request(prompt, defaultModel);
        return Flux.using(() -> router.stream(request), LlmRouterChatModel::responses, ChatStream::close)
                .subscribeOn(Schedulers.boundedElastic());
    }

    private static Flux<ChatResponse> responses(ChatStream stream) {
        Flux<ChatResponse> chunks = Flux.fromIterable(stream).filter(c -> !c.text().isEmpty())
                .map(LlmRouterChatModel::chunk);
        return chunks.concatWith(Flux.defer(() -> Flux.just(SpringAiMapping.response(stream.response()))
                .map(LlmRouterChatModel::lastWithoutText)));
    }

    private static ChatResponse chunk(ChatChunk c) {
        return SpringAiMapping.chunk(c.id(), c.model(), c.text());
    }

    /** The text already went out chunk by chunk: the last response carries everything else. */
    private static ChatResponse lastWithoutText(ChatResponse whole) {
        var g = whole.getResult();
        var message = g.getOutput().mutate().content("").build();
        return new ChatResponse(java.util.List.of(new org.springframework.ai.chat.model.Generation(message,
                g.getMetadata())), whole.getMetadata());
    }

    /**
     * Tool-calling options with the default model: the ChatClient starts each request's options from
     * these, so it can add its tool callbacks.
     */
    @Override
    public ChatOptions getOptions() {
        return ToolCallingChatOptions.builder().model(defaultModel).build();
    }

    /** The same as {@link #getOptions()}. */
    @Override
    public ChatOptions getDefaultOptions() {
        return getOptions();
    }
}
