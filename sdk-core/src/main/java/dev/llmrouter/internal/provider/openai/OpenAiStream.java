package dev.llmrouter.internal.provider.openai;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.StreamBrokenException;
import dev.llmrouter.internal.adapter.DecodingStream;
import dev.llmrouter.internal.http.HttpStream;
import dev.llmrouter.internal.http.HttpTransport;
import dev.llmrouter.internal.http.Json;
import dev.llmrouter.internal.http.SseReader;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A chat completions SSE stream turned into {@link ChatChunk}s. Handles what the servers of WIRE.md
 * do: an {@code error} object in a {@code data:} event (vLLM follows it with {@code [DONE]},
 * llama.cpp just stops) becomes its typed exception; the usage-only last chunk; Ollama's separate
 * finish chunk; keep-alive comments. A stream that ends (end of input or {@code [DONE]}) before any
 * {@code finish_reason} is a {@link StreamBrokenException}, never a success. Chunks that carry
 * nothing (the role-only first chunk) are skipped. Common chunks are read in place by
 * {@link ChunkScanner}; the rest as a tree. Closing and failure handling (a failed stream
 * keeps failing) are {@link DecodingStream}'s.
 *
 * <p>Not thread-safe for reading; {@link #close()} may be called from any thread.
 */
final class OpenAiStream extends DecodingStream {
    private final SseReader events;
    private final HttpTransport transport;
    private final OpenAiResponseMapper mapper;
    private final ChunkScanner scanner = new ChunkScanner();
    private boolean finished;
    private boolean producedContent;

    OpenAiStream(HttpStream http, HttpTransport transport, OpenAiResponseMapper mapper, int maxEventChars) {
        super(http);
        this.transport = transport;
        this.mapper = mapper;
        this.events = new SseReader(http, maxEventChars, transport.provider());
    }

    @Override
    protected ChatChunk decodeNext() {
        while (true) {
            // the usual event straight from its bytes; anything else, or what the scanner refuses, as text
            ChatChunk chunk = events.nextDecoded(scanner);
            if (chunk == null) {
                boolean scannerRefused = events.declined();
                boolean more = events.advance();
                if (!more || events.isDone()) {
                    if (!finished) {
                        throw broken((more ? "[DONE] arrived" : "the stream ended")
                                + " before any finish_reason: the answer is incomplete");
                    }
                    return null;
                }
                chunk = parse(scannerRefused);
            }
            chunk = checked(chunk);
            if (chunk != null) {
                return chunk;
            }
        }
    }

    /** The event {@link SseReader#advance()} read, as a chunk (the scanner is not asked again when it refused it already). */
    private ChatChunk parse(boolean scannerRefused) {
        boolean errorEvent = "error".equals(events.event());
        ChatChunk chunk = errorEvent || scannerRefused ? null : scanner.scan(events.dataSource(), events.dataStart());
        return chunk != null ? chunk : parseTree(errorEvent);
    }

    /** Notes content and the finish; null when the chunk carries nothing. */
    private ChatChunk checked(ChatChunk chunk) {
        if (!chunk.text().isEmpty() || !chunk.toolCalls().isEmpty()) {
            producedContent = true;
        }
        if (chunk.rawFinishReason() != null) {
            if (chunk.finishReason().orElseThrow() == FinishReason.CONTENT_FILTER && !producedContent) {
                throw mapper.contentFiltered(requestId());
            }
            finished = true;
        }
        return chunk.isEmpty() ? null : chunk;
    }

    /** The general path: the event as a tree, with every error case; the scanner's shapes give the same chunk here. */
    private ChatChunk parseTree(boolean errorEvent) {
        String data = events.dataSource().substring(events.dataStart());
        JsonNode node;
        try {
            node = Json.parse(data);
        } catch (JacksonException e) {
            throw transport.malformed("a stream event is not valid JSON", data, requestId(), e);
        }
        if (node == null || !node.isObject()) {
            throw transport.malformed("a stream event is not a JSON object", data, requestId(), null);
        }
        if (node.has("error") || errorEvent) {
            throw transport.errorInStream(node, requestId());
        }
        return mapper.chunk(node);
    }
}
