package dev.llmrouter.internal.provider.mock;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.RequestCancelledException;
import dev.llmrouter.api.StreamIdleTimeoutException;
import dev.llmrouter.api.StreamTimeoutException;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.ToolCallDelta;
import dev.llmrouter.api.Usage;
import dev.llmrouter.internal.WaitRegion;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ProviderStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A mock stream: the reply word by word (or a tool call: id and name, then its arguments in two
 * pieces), {@code chunk_delay} apart, then a finish chunk with usage.
 * Enforces the context's limits like a real adapter: the attempt limit until the first chunk with
 * content (the adapter's scripted latency), the stream and idle limits from that chunk on; breaks
 * after the first chunk when scripted to. One thread reads; {@link #close()} may come from any
 * thread.
 */
final class MockStream implements ProviderStream {
    private final MockAdapter adapter;
    private final List<ChatChunk> chunks;
    private final CallContext context;
    private final WaitRegion region;
    private final boolean breakAfterFirst;
    private final StringBuilder delivered = new StringBuilder();
    private int next;
    private boolean started;
    private long firstChunkAt;
    private volatile boolean closed;

    MockStream(MockAdapter adapter, String model, String text, ToolCall toolCall, Usage usage, CallContext context,
               WaitRegion region, boolean breakAfterFirst) {
        this.adapter = adapter;
        this.context = context;
        this.region = region;
        this.breakAfterFirst = breakAfterFirst;
        String id = "mock-" + adapter.calls();
        this.chunks = new ArrayList<>();
        for (String word : text.split("(?<=\\s)")) {
            if (!word.isEmpty()) {
                chunks.add(ChatChunk.builder().id(id).model(model).text(word).build());
            }
        }
        if (toolCall != null) {
            // as OpenAI streams one: id and name first, then the arguments text in pieces
            String arguments = toolCall.argumentsJson();
            int half = arguments.length() / 2;
            chunks.add(ChatChunk.builder().id(id).model(model).text("")
                    .toolCalls(List.of(new ToolCallDelta(0, toolCall.id(), toolCall.name(), ""))).build());
            chunks.add(ChatChunk.builder().id(id).model(model).text("")
                    .toolCalls(List.of(new ToolCallDelta(0, null, null, arguments.substring(0, half)))).build());
            chunks.add(ChatChunk.builder().id(id).model(model).text("")
                    .toolCalls(List.of(new ToolCallDelta(0, null, null, arguments.substring(half)))).build());
        }
        chunks.add(ChatChunk.builder().id(id).model(model).text("").rawFinishReason(toolCall != null ? "tool_calls" : "stop")
                .usage(usage).build());
    }

    @Override
    public ChatChunk next() {
        if (closed) {
            throw new RequestCancelledException("mock stream closed", null);
        }
        if (context.isCancelled()) {
            throw context.cancellation().orElseThrow();
        }
        if (!started) {
            return deliver();
        }
        if (breakAfterFirst) {
            throw MockFailures.streamBroken(adapter.name());
        }
        if (next >= chunks.size()) {
            return null;
        }
        long gap = adapter.chunkDelay().toNanos();
        long elapsed = adapter.time().nanoTime() - firstChunkAt;
        Optional<Duration> total = context.streamTimeout();
        if (total.isPresent() && elapsed + gap > total.get().toNanos()) {
            MockAdapter.pause(adapter.time(), region, context, total.get().toNanos() - elapsed);
            throw new StreamTimeoutException(adapter.name() + ": stream exceeded its limit of " + total.get() + " (mock)",
                    total.get(), delivered.toString(), null);
        }
        Optional<Duration> idle = context.idleTimeout();
        if (idle.isPresent() && gap > idle.get().toNanos()) {
            MockAdapter.pause(adapter.time(), region, context, idle.get().toNanos());
            throw new StreamIdleTimeoutException(adapter.name() + ": no chunk for " + idle.get() + " (mock)", idle.get(),
                    delivered.toString(), null);
        }
        MockAdapter.pause(adapter.time(), region, context, gap);
        return deliver();
    }

    private ChatChunk deliver() {
        ChatChunk c = chunks.get(next++);
        if (!started && !c.isEmpty()) {
            // the first chunk with content: the stream and idle limits run from here, as for a real adapter
            started = true;
            firstChunkAt = adapter.time().nanoTime();
        }
        delivered.append(c.text());
        return c;
    }

    @Override
    public Optional<String> providerRequestId() {
        return Optional.of("mock-req-" + adapter.calls());
    }

    @Override
    public void close() {
        closed = true;
        region.wake();
    }
}
