package dev.llmrouter.internal.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of a {@code mock} provider's settings (the shared contract in MOCK.md) and the kind of
 * value each holds once bound: durations as {@code Duration}, numbers as {@code Number} (whole
 * numbers as {@code Long}), lists as {@code List}, text as {@code String}. Thread-safe (constants).
 */
public final class MockKeys {
    /** What a key holds. */
    public enum Kind {
        /** Text. */
        TEXT,
        /** A non-negative duration. */
        DURATION,
        /** A number. */
        NUMBER,
        /** A failure: an HTTP status or one of {@link #FAILURE_NAMES}. */
        OUTCOME,
        /** A list of outcomes: {@code ok} or a failure. */
        OUTCOMES,
        /** A list of texts. */
        TEXTS,
        /** A mapping of usage counts. */
        USAGE,
        /** A mapping {@code {name, arguments}}: a tool call to answer with. */
        TOOL_CALL
    }

    /** Every key, with its kind, in documentation order. */
    public static final Map<String, Kind> KEYS = keys();

    /** Named failures a mock can produce besides HTTP statuses. */
    public static final List<String> FAILURE_NAMES = List.of("connection_reset", "timeout", "context_window",
            "content_policy", "stream_break");

    /** The keys of {@code usage}. */
    public static final List<String> USAGE_KEYS = List.of("prompt_tokens", "completion_tokens");

    /** The keys of {@code tool_call}: the function name (required) and its arguments as JSON text. */
    public static final List<String> TOOL_CALL_KEYS = List.of("name", "arguments");

    private MockKeys() {
    }

    private static Map<String, Kind> keys() {
        Map<String, Kind> m = new LinkedHashMap<>();
        m.put("response", Kind.TEXT);
        m.put("latency", Kind.DURATION);
        m.put("chunk_delay", Kind.DURATION);
        m.put("failure_rate", Kind.NUMBER);
        m.put("failure", Kind.OUTCOME);
        m.put("retry_after", Kind.DURATION);
        m.put("script", Kind.OUTCOMES);
        m.put("seed", Kind.NUMBER);
        m.put("models", Kind.TEXTS);
        m.put("usage", Kind.USAGE);
        m.put("tool_call", Kind.TOOL_CALL);
        return java.util.Collections.unmodifiableMap(m);
    }
}
