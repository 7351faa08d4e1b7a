package dev.llmrouter.internal.http;

import java.util.Locale;
import java.util.Set;

/** The framing of a streamed response, and the content types each accepts. Immutable and thread-safe. */
public enum StreamFormat {
    /** Server-sent events: {@code text/event-stream} only. */
    SSE(Set.of("text/event-stream"), "text/event-stream"),
    /** Newline-delimited JSON: {@code application/x-ndjson} and its aliases, or {@code application/json}. */
    NDJSON(Set.of("application/x-ndjson", "application/ndjson", "application/jsonl", "application/json-lines",
            "application/json"), "application/x-ndjson");

    private final Set<String> mediaTypes;
    private final String expected;

    StreamFormat(Set<String> mediaTypes, String expected) {
        this.mediaTypes = mediaTypes;
        this.expected = expected;
    }

    /** True when the {@code Content-Type} header value (parameters allowed) fits this format. */
    public boolean accepts(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return mediaTypes.contains(type);
    }

    /** The content type named in error messages. */
    public String expected() {
        return expected;
    }
}
