package dev.llmrouter.internal.provider.openai;

import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.Usage;
import dev.llmrouter.internal.http.HttpResult;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads the usual shape of a whole chat completion straight from its bytes with Jackson's
 * streaming parser, building no tree and no string of the body: an object with string {@code id}
 * and {@code model}, a {@code choices} array whose first element has a {@code message} with string
 * (or null) {@code content} and no tool calls, a string {@code finish_reason}, and integer usage
 * counts. Anything else (an {@code error} field, tool calls, content parts, a content-filter stop
 * with no text, a repeated field, bytes that are not UTF-8, a body that is not JSON) returns null,
 * and the caller reads the body as a tree with {@link OpenAiResponseMapper}, which has the one set
 * of rules for every shape and every failure. Stateless and thread-safe.
 */
final class OpenAiChatReader {
    private OpenAiChatReader() {
    }

    /** The answer in {@code result}, or null when it is not of the usual shape. */
    static ChatResponse read(HttpResult result) {
        try (JsonParser p = result.parser()) {
            return read(p, result.requestId());
        } catch (JacksonException | Unusual e) {
            return null;
        }
    }

    /** Thrown (without a stack trace) to leave the fast path for the tree. */
    private static final class Unusual extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Unusual INSTANCE = new Unusual();

        private Unusual() {
            super(null, null, false, false);
        }
    }

    private static ChatResponse read(JsonParser p, String requestId) {
        expect(p.nextToken() == JsonToken.START_OBJECT);
        Fields f = new Fields();
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "id" -> f.id = once(f.id, text(p, t));
                case "model" -> f.model = once(f.model, text(p, t));
                case "choices" -> {
                    expect(!f.choices);
                    f.choices = true;
                    choices(p, t, f);
                }
                case "usage" -> {
                    expect(f.usage == null);
                    f.usage = t == JsonToken.VALUE_NULL ? Usage.EMPTY : usage(p, t);
                }
                case "error" -> throw Unusual.INSTANCE;
                default -> p.skipChildren();
            }
        }
        expect(p.nextToken() == null && f.text != null);
        expect(FinishReason.fromWire(f.finish) != FinishReason.CONTENT_FILTER || !f.text.isEmpty());
        return ChatResponse.builder().id(f.id).model(f.model).message(ChatMessage.assistant(f.text))
                .rawFinishReason(f.finish).usage(f.usage == null ? Usage.EMPTY : f.usage).providerRequestId(requestId)
                .build();
    }

    /** What the top level held; {@code text} stays null until a first choice's message is read. */
    private static final class Fields {
        String id;
        String model;
        boolean choices;
        String text;
        String finish;
        Usage usage;
    }

    private static void choices(JsonParser p, JsonToken t, Fields f) {
        expect(t == JsonToken.START_ARRAY);
        boolean first = true;
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (!first) {
                p.skipChildren();
                continue;
            }
            first = false;
            expect(e == JsonToken.START_OBJECT);
            boolean finishSeen = false;
            String name;
            while ((name = p.nextName()) != null) {
                JsonToken v = p.nextToken();
                if ("message".equals(name)) {
                    expect(f.text == null);
                    message(p, v, f);
                } else if ("finish_reason".equals(name)) {
                    expect(!finishSeen);
                    finishSeen = true;
                    f.finish = text(p, v);
                } else {
                    p.skipChildren();
                }
            }
        }
        expect(!first);
    }

    private static void message(JsonParser p, JsonToken t, Fields f) {
        expect(t == JsonToken.START_OBJECT);
        String text = null;
        boolean contentSeen = false;
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken v = p.nextToken();
            if ("content".equals(name)) {
                expect(!contentSeen);
                contentSeen = true;
                text = text(p, v);
            } else if ("tool_calls".equals(name)) {
                // none, or an empty list: calls of any kind go the tree's way
                expect(v == JsonToken.VALUE_NULL || (v == JsonToken.START_ARRAY && p.nextToken() == JsonToken.END_ARRAY));
            } else {
                p.skipChildren();
            }
        }
        f.text = text == null ? "" : text;
    }

    private static Usage usage(JsonParser p, JsonToken t) {
        expect(t == JsonToken.START_OBJECT);
        long prompt = 0;
        long completion = 0;
        long total = 0;
        long cached = 0;
        long cacheHit = 0;
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken v = p.nextToken();
            switch (name) {
                case "prompt_tokens" -> prompt = count(p, v);
                case "completion_tokens" -> completion = count(p, v);
                case "total_tokens" -> total = count(p, v);
                case "prompt_cache_hit_tokens" -> cacheHit = integer(p, v);
                case "prompt_tokens_details" -> cached = cachedTokens(p, v);
                default -> p.skipChildren();
            }
        }
        return new Usage(prompt, completion, total, Math.max(0, cached > 0 ? cached : cacheHit));
    }

    private static long cachedTokens(JsonParser p, JsonToken t) {
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return 0;
        }
        long cached = 0;
        String name;
        while ((name = p.nextName()) != null) {
            JsonToken v = p.nextToken();
            if ("cached_tokens".equals(name)) {
                cached = integer(p, v);
            } else {
                p.skipChildren();
            }
        }
        return cached;
    }

    private static long count(JsonParser p, JsonToken t) {
        return Math.max(0, integer(p, t));
    }

    /** An integer, or 0 for null; anything else (a string, a fraction) goes the tree's way. */
    private static long integer(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_NULL) {
            return 0;
        }
        expect(t == JsonToken.VALUE_NUMBER_INT);
        return p.getLongValue();
    }

    /** A string, or null for null; anything else goes the tree's way. */
    private static String text(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t == JsonToken.VALUE_STRING);
        return p.getString();
    }

    private static String once(String before, String value) {
        expect(before == null);
        return value;
    }

    private static void expect(boolean usual) {
        if (!usual) {
            throw Unusual.INSTANCE;
        }
    }
}
