package dev.llmrouter.sample;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.LlmRouterException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The chat endpoints. Thread-safe (stateless). */
@RestController
public class ChatController {
    private final LlmRouter router;
    private final TaskExecutor executor;

    ChatController(LlmRouter router, @Qualifier("applicationTaskExecutor") TaskExecutor executor) {
        this.router = router;
        this.executor = executor;
    }

    /** What {@code POST /chat} takes: the prompt, and optionally a model group or alias. */
    public record ChatIn(String prompt, String model) {
    }

    /** One whole answer: the text, the model that wrote it, the route it took and the tokens used. */
    public record ChatOut(String text, String model, RouteOut route, Map<String, Long> usage) {
        static ChatOut of(ChatResponse r) {
            return new ChatOut(r.text(), r.model(), RouteOut.of(r), Map.of("promptTokens", r.usage().promptTokens(),
                    "completionTokens", r.usage().completionTokens(), "totalTokens", r.usage().totalTokens()));
        }
    }

    /** Where an answer came from. */
    public record RouteOut(String group, String deployment, String provider, List<String> fallbacks, int attempts,
                           boolean cacheHit) {
        static RouteOut of(ChatResponse r) {
            var route = r.route();
            return new RouteOut(route.group(), route.deploymentId(), route.provider(), route.fallbackGroups(),
                    route.attempts().size(), route.cacheHit());
        }
    }

    /** The last event of a stream: finish reason, usage and route. */
    public record StreamEnd(String finishReason, Map<String, Long> usage, RouteOut route) {
    }

    /** One whole answer. */
    @PostMapping(path = "/chat", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    public ChatOut chat(@RequestBody ChatIn in) {
        return ChatOut.of(router.chat(request(in.prompt(), in.model())));
    }

    /**
     * The answer as server-sent events: one {@code chunk} event per piece of text
     * ({@code {"text": "..."}}), then one {@code done} event with the finish reason, usage and route,
     * or an {@code error} event. A client that goes away ends the provider call: the next write
     * fails (or the container reports the disconnect) and closing the router's stream cancels it.
     */
    @GetMapping(path = "/chat/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter stream(@RequestParam String prompt, @RequestParam(required = false) String model) {
        ChatRequest request = request(prompt, model);
        // no emitter timeout: the router's stream and overall deadlines bound the call
        SseEmitter emitter = new SseEmitter(0L);
        AtomicReference<ChatStream> open = new AtomicReference<>();
        Runnable cancel = () -> {
            ChatStream s = open.get();
            if (s != null) {
                s.close();
            }
        };
        emitter.onCompletion(cancel);
        emitter.onTimeout(cancel);
        emitter.onError(e -> cancel.run());
        executor.execute(() -> relay(request, emitter, open));
        return emitter;
    }

    private void relay(ChatRequest request, SseEmitter emitter, AtomicReference<ChatStream> open) {
        ChatStream s;
        try {
            s = router.stream(request);
        } catch (LlmRouterException e) {
            sendError(emitter, e);
            return;
        }
        open.set(s);
        try (s) {
            for (ChatChunk c : s) {
                if (!c.text().isEmpty()) {
                    emitter.send(SseEmitter.event().name("chunk").data(Map.of("text", c.text()), MediaType.APPLICATION_JSON));
                }
            }
            ChatResponse whole = s.response();
            ChatOut out = ChatOut.of(whole);
            emitter.send(SseEmitter.event().name("done")
                    .data(new StreamEnd(whole.finishReason().name(), out.usage(), out.route()), MediaType.APPLICATION_JSON));
            emitter.complete();
        } catch (LlmRouterException e) {
            sendError(emitter, e);
        } catch (IOException | IllegalStateException clientGone) {
            // the client went away: leaving the try closes the stream, which cancels the provider call
        }
    }

    private static void sendError(SseEmitter emitter, LlmRouterException e) {
        try {
            emitter.send(SseEmitter.event().name("error").data(Map.of("type", e.failureKind().wireName(),
                    "message", String.valueOf(e.getMessage())), MediaType.APPLICATION_JSON));
            emitter.complete();
        } catch (IOException | IllegalStateException clientGone) {
            // nobody left to tell
        }
    }

    /** The model groups callers may use. */
    @GetMapping(path = "/models", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, List<String>> models() {
        return Map.of("models", router.models());
    }

    private ChatRequest request(String prompt, String model) {
        if (prompt == null || prompt.isBlank()) {
            throw new IllegalArgumentException("prompt is required");
        }
        String m = model == null || model.isBlank() ? router.models().get(0) : model;
        return ChatRequest.builder().model(m).user(prompt).build();
    }
}
