package dev.llmrouter.api;

import java.util.Locale;

/**
 * Why the model stopped, normalised across servers. The server's own word is kept beside it
 * ({@link ChatResponse#rawFinishReason()}). Immutable and thread-safe.
 */
public enum FinishReason {
    /** A natural end or a stop sequence (OpenAI {@code stop}, Anthropic {@code end_turn}/{@code stop_sequence}, Ollama {@code stop}). */
    STOP,
    /** The output token limit was reached (OpenAI {@code length}, Anthropic {@code max_tokens}). */
    LENGTH,
    /** The model asked for tool calls (OpenAI {@code tool_calls}/{@code function_call}, Anthropic {@code tool_use}). */
    TOOL_CALLS,
    /** The provider's content filter stopped the answer (OpenAI {@code content_filter}, Anthropic {@code refusal}). */
    CONTENT_FILTER,
    /** The context window was exhausted mid-answer (Anthropic {@code model_context_window_exceeded}). */
    CONTEXT_WINDOW,
    /** Any other value; see the raw reason. */
    OTHER;

    /** Maps a server's finish or stop reason to the normalised value; null maps to {@link #OTHER}. */
    public static FinishReason fromWire(String raw) {
        if (raw == null) {
            return OTHER;
        }
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "stop", "end_turn", "stop_sequence", "eos" -> STOP;
            case "length", "max_tokens" -> LENGTH;
            case "tool_calls", "function_call", "tool_use" -> TOOL_CALLS;
            case "content_filter", "refusal" -> CONTENT_FILTER;
            case "model_context_window_exceeded" -> CONTEXT_WINDOW;
            default -> OTHER;
        };
    }
}
