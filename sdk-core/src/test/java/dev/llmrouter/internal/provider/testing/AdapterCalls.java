package dev.llmrouter.internal.provider.testing;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.StreamAccumulator;
import dev.llmrouter.spi.provider.CallContext;
import dev.llmrouter.spi.provider.ProviderStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The call contexts and stream readers the adapter contract tests share. The limits are generous
 * (the machine may be loaded): a test about a timeout builds its own tight context.
 */
public final class AdapterCalls {
    private AdapterCalls() {
    }

    /** A non-streaming call's context: 10 seconds. */
    public static CallContext ctx() {
        return CallContext.of(Duration.ofSeconds(10));
    }

    /** A streaming call's context: first chunk within 10 seconds, the whole stream 30, gaps 10. */
    public static CallContext streamCtx() {
        return CallContext.forStream(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10));
    }

    /** Every chunk up to the stream's clean end (the stream is not closed here). */
    public static List<ChatChunk> drain(ProviderStream s) {
        List<ChatChunk> chunks = new ArrayList<>();
        for (ChatChunk c = s.next(); c != null; c = s.next()) {
            chunks.add(c);
        }
        return chunks;
    }

    /** The chunks joined into one response, as a caller's {@link StreamAccumulator} would. */
    public static ChatResponse join(List<ChatChunk> chunks) {
        StreamAccumulator acc = new StreamAccumulator();
        chunks.forEach(acc::add);
        return acc.toResponse();
    }
}
