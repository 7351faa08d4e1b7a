package dev.llmrouter.cli.chat;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.cli.terminal.InterruptSignal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Gets one answer from a {@link ChatBackend}, streamed to the output as tokens arrive or whole,
 * and measures its latency. While it runs, Ctrl-C (through the {@link InterruptSignal}) closes the
 * stream, which cancels the request; the answer then comes back marked cancelled instead of
 * failing. Stateless and thread-safe.
 */
public final class Answers {
    private Answers() {
    }

    /**
     * The result of asking.
     *
     * @param response the whole answer, or null when cancelled
     * @param partialText what had been printed when it was cancelled ("" otherwise)
     * @param latency from sending the request to the end of the answer (or the cancel)
     */
    public record Answer(ChatResponse response, String partialText, Duration latency) {
        /** True when the user cancelled the answer. */
        public boolean cancelled() {
            return response == null;
        }
    }

    /**
     * Streams the answer to {@code out}, token by token.
     *
     * @throws LlmRouterException when the request fails (not when it is cancelled)
     */
    public static Answer streamed(ChatBackend backend, ChatRequest request, PrintStream out, InterruptSignal interrupt) {
        return streamed(backend, request, out, interrupt, Waiting.NONE);
    }

    /**
     * Streams the answer to {@code out}, token by token, showing {@code waiting} until the first
     * words arrive.
     *
     * @throws LlmRouterException when the request fails (not when it is cancelled)
     */
    public static Answer streamed(ChatBackend backend, ChatRequest request, PrintStream out, InterruptSignal interrupt,
                                  Waiting waiting) {
        long start = System.nanoTime();
        Waiting.Handle shown = waiting.start();
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicReference<ChatStream> open = new AtomicReference<>();
        StringBuilder printed = new StringBuilder();
        try (InterruptSignal.Scope ignored = interrupt.whileBusy(() -> {
            shown.close();
            cancelled.set(true);
            ChatStream s = open.get();
            if (s != null) {
                s.close();
            }
        })) {
            try (ChatStream stream = backend.stream(request)) {
                open.set(stream);
                if (cancelled.get()) {
                    stream.close();
                }
                for (ChatChunk chunk : stream) {
                    if (!chunk.text().isEmpty()) {
                        shown.close();
                        out.print(chunk.text());
                        out.flush();
                        printed.append(chunk.text());
                    }
                }
                if (!cancelled.get()) {
                    return new Answer(stream.response(), "", since(start));
                }
            } catch (LlmRouterException e) {
                if (!cancelled.get()) {
                    throw e;
                }
            }
        } finally {
            shown.close();
        }
        return new Answer(null, printed.toString(), since(start));
    }

    /**
     * Waits for the whole answer without printing it. A blocking call has no handle to close, so
     * Ctrl-C meanwhile does what it does when idle.
     *
     * @throws LlmRouterException when the request fails
     */
    public static Answer whole(ChatBackend backend, ChatRequest request) {
        long start = System.nanoTime();
        ChatResponse r = backend.chat(request);
        return new Answer(r, "", since(start));
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
