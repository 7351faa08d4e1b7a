package dev.llmrouter.langchain4j;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.ToolCallDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed call: opens the router's stream (which retries and falls back until a first chunk
 * arrives), hands each text delta and tool-call fragment to the handler as it arrives, then the
 * complete tool calls and the aggregated response; or exactly one {@code onError}. Also the
 * call's {@link StreamingHandle}: {@link #cancel()} closes the router's stream at once (freeing its
 * connection) and no callback follows it.
 *
 * <p>{@link #run()} runs on one thread; {@link #cancel()} may come from any thread, including from
 * inside a callback.
 */
final class StreamRun implements Runnable, StreamingHandle {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRun.class);

    /** What happens around the handler's terminal callbacks (the listeners, for {@code chat}). */
    interface Observer {
        Observer NONE = new Observer() {
        };

        default void onResponse(ChatResponse response) {
        }

        default void onError(Throwable error) {
        }
    }

    private final LlmRouter router;
    private final ChatRequest request;
    private final StreamingChatResponseHandler handler;
    private final Observer observer;
    private final TreeMap<Integer, PartialCall> calls = new TreeMap<>();
    private volatile boolean cancelled;
    private volatile ChatStream stream;

    StreamRun(LlmRouter router, ChatRequest request, StreamingChatResponseHandler handler, Observer observer) {
        this.router = router;
        this.request = request;
        this.handler = handler;
        this.observer = observer;
    }

    @Override
    public void cancel() {
        cancelled = true;
        ChatStream s = stream;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public void run() {
        ChatStream s;
        try {
            s = router.stream(request);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        stream = s;
        // cancel() sets the flag before reading the field; this reads the flag after setting the
        // field: whichever runs second closes the stream (close is idempotent)
        if (cancelled) {
            s.close();
            return;
        }
        ChatResponse response;
        try (s) {
            for (ChatChunk chunk : s) {
                deliver(chunk);
                if (cancelled) {
                    return;
                }
            }
            response = ResponseMapping.toLangChain4j(s.response());
            completeToolCalls(response);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        if (cancelled) {
            return;
        }
        observer.onResponse(response);
        try {
            handler.onCompleteResponse(response);
        } catch (RuntimeException e) {
            // the call itself succeeded; reporting it as an error now would be a second ending
            LOG.warn("a StreamingChatResponseHandler's onCompleteResponse failed; ignored", e);
        }
    }

    private void deliver(ChatChunk chunk) {
        if (!chunk.text().isEmpty()) {
            handler.onPartialResponse(new PartialResponse(chunk.text()), new PartialResponseContext(this));
        }
        for (ToolCallDelta d : chunk.toolCalls()) {
            PartialCall call = calls.computeIfAbsent(d.index(), i -> new PartialCall());
            if (d.id() != null && !d.id().isEmpty()) {
                call.id = d.id();
            }
            if (d.name() != null && !d.name().isBlank()) {
                call.name = d.name();
            }
            // LangChain4j's partial tool call needs a name and a non-empty piece of arguments
            if (call.name != null && !d.argumentsFragment().isEmpty() && !cancelled) {
                handler.onPartialToolCall(PartialToolCall.builder().index(d.index()).id(call.id).name(call.name)
                        .partialArguments(d.argumentsFragment()).build(), new PartialToolCallContext(this));
            }
        }
    }

    /**
     * One {@code onCompleteToolCall} per call of the aggregated message, under the index its
     * fragments had: the ids are the aggregated ones, so tool results pair with the AI message.
     */
    private void completeToolCalls(ChatResponse response) {
        List<ToolExecutionRequest> requests = response.aiMessage().toolExecutionRequests();
        List<Integer> indexes = new ArrayList<>(calls.keySet());
        for (int i = 0; i < requests.size() && !cancelled; i++) {
            int index = indexes.size() == requests.size() ? indexes.get(i) : i;
            handler.onCompleteToolCall(new CompleteToolCall(index, requests.get(i)));
        }
    }

    private void fail(RuntimeException e) {
        if (cancelled) {
            return;
        }
        observer.onError(e);
        try {
            handler.onError(e);
        } catch (RuntimeException again) {
            LOG.warn("a StreamingChatResponseHandler's onError failed; ignored", again);
        }
    }

    private static final class PartialCall {
        private String id;
        private String name;
    }
}
