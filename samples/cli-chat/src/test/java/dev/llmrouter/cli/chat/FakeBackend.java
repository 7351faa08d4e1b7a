package dev.llmrouter.cli.chat;

import dev.llmrouter.api.AttemptOutcome;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.RequestCancelledException;
import dev.llmrouter.api.Route;
import dev.llmrouter.api.Usage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/** A backend that answers "echo: <last user text>" word by word and records every request. */
final class FakeBackend implements ChatBackend {
    final List<ChatRequest> requests = new ArrayList<>();
    /** Runs after the first chunk of each stream is handed out (to simulate a Ctrl-C mid-answer). */
    Consumer<ChatStream> afterFirstChunk = s -> { };
    /** Counted down when a stream is closed before its last chunk (the answer was cancelled). */
    final CountDownLatch cancelled = new CountDownLatch(1);

    static ChatResponse response(ChatRequest request, String text) {
        String group = request.model();
        Route route = Route.builder(group, group).answeredBy(group + "/mock/m#0", "mock", "m")
                .attempts(List.of(AttemptRecord.builder(group + "/mock/m#0", "mock", "m")
                        .outcome(AttemptOutcome.SUCCESS).httpStatus(200).latency(Duration.ofMillis(12)).build()))
                .build();
        return ChatResponse.builder().model("m").message(ChatMessage.assistant(text)).usage(Usage.of(7, 3))
                .rawFinishReason("stop").route(route).build();
    }

    private static String answerTo(ChatRequest r) {
        return "echo: " + r.messages().get(r.messages().size() - 1).text();
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        requests.add(request);
        return response(request, answerTo(request));
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        requests.add(request);
        String text = answerTo(request);
        List<String> words = new ArrayList<>();
        for (String w : text.split("(?<= )")) {
            words.add(w);
        }
        return new ChatStream() {
            private boolean closed;
            private int next;

            @Override
            public Iterator<ChatChunk> iterator() {
                ChatStream self = this;
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        if (closed) {
                            throw new RequestCancelledException("cancelled by the caller", null);
                        }
                        return next < words.size();
                    }

                    @Override
                    public ChatChunk next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        ChatChunk c = ChatChunk.ofText(words.get(next++));
                        if (next == 1) {
                            afterFirstChunk.accept(self);
                        }
                        return c;
                    }
                };
            }

            @Override
            public ChatResponse response() {
                return FakeBackend.response(request, text);
            }

            @Override
            public void close() {
                if (next < words.size()) {
                    closed = true;
                    cancelled.countDown();
                }
            }
        };
    }
}
