package dev.llmrouter.internal;

import dev.llmrouter.api.ChatRequest;

/**
 * The router's token estimate: one token per four characters, rounded up. English prose runs at
 * about four characters a token with OpenAI's and Llama's tokenizers; the estimate only sizes
 * reservations and pre-call checks, and the real usage reconciles the limiter afterwards.
 * Stateless and thread-safe.
 */
public final class TokenEstimator {
    private TokenEstimator() {
    }

    /** Tokens for {@code chars} characters of text. */
    public static long ofChars(long chars) {
        return chars <= 0 ? 0 : (chars + 3) / 4;
    }

    /** Tokens for a text. */
    public static long of(String text) {
        return text == null ? 0 : ofChars(text.length());
    }

    /** The prompt of a request: every message's text, tool calls and tool definitions. */
    public static long prompt(ChatRequest request) {
        return ofChars(request.promptCharacters());
    }
}
