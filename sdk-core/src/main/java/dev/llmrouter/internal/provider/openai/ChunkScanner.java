package dev.llmrouter.internal.provider.openai;

import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.internal.http.SseReader;
import java.nio.charset.StandardCharsets;

/**
 * The fast path for the chat completion chunks nearly every stream consists of: reads one chunk's
 * JSON in place, in one pass, without building a tree, for the shape
 * {@code {"id":..,"model":..,"choices":[{"delta":{"content":"..."},"finish_reason":..}]}} (other
 * fields skipped). Anything else (tool calls, a content array, usage, an error, a value of another
 * type than the common one, an escaped key, JSON it doubts) makes it return {@code null}, and the
 * caller parses the event with {@link OpenAiResponseMapper#chunk} as before, which gives the same
 * chunk or the same error; so this class only decides how fast, never what. The id and model
 * strings of the previous chunk are reused when they repeat, so a chunk costs its text and itself.
 * It reads the UTF-8 bytes of the event's line ({@link SseReader#nextDecoded}): JSON's structure
 * is ASCII, and a multi-byte character never contains an ASCII byte, so decoding only the strings it
 * keeps gives the same characters as decoding the whole line first (malformed bytes included).
 *
 * <p>Not thread-safe: one per stream.
 */
final class ChunkScanner implements SseReader.DataDecoder<ChatChunk> {
    /** Deeper than this, the tree path (with its own limits) decides. */
    private static final int MAX_DEPTH = 64;
    /** Jackson's default limit on a number's length. */
    private static final int MAX_NUMBER_CHARS = 1000;

    private byte[] s;
    private int end;
    private int pos;
    private int keyEnd;
    private int depth;
    private String lastId;
    private String lastModel;
    private String text;
    private String finishReason;
    /** Reused for every chunk: a builder makes a new chunk at each build, so only the chunk is allocated. */
    private final ChatChunk.Builder builder = ChatChunk.builder();

    /** The chunk in {@code json} from {@code start} on, or null when the fast path does not apply (the usual path's copy). */
    ChatChunk scan(String json, int start) {
        byte[] bytes = (start == 0 ? json : json.substring(start)).getBytes(StandardCharsets.UTF_8);
        return decode(bytes, 0, bytes.length);
    }

    /** The chunk in the UTF-8 {@code bytes[from, to)}, or null when the fast path does not apply. */
    @Override
    public ChatChunk decode(byte[] bytes, int from, int to) {
        this.s = bytes;
        this.end = to;
        this.pos = from;
        this.depth = 0;
        this.text = "";
        this.finishReason = null;
        try {
            return root();
        } catch (Doubt d) {
            return null;
        } finally {
            this.s = null;
        }
    }

    private ChatChunk root() {
        String id = null;
        String model = null;
        expect('{');
        if (!peek('}')) {
            do {
                int key = key();
                if (matches(key, "id")) {
                    id = string(lastId);
                    lastId = id == null ? lastId : id;
                } else if (matches(key, "model")) {
                    model = string(lastModel);
                    lastModel = model == null ? lastModel : model;
                } else if (matches(key, "choices")) {
                    choices();
                } else if (matches(key, "usage")) {
                    // OpenAI sends "usage":null on every chunk; the one real usage goes to the tree path
                    ws();
                    require(literal("null"));
                } else if (matches(key, "error")) {
                    throw Doubt.INSTANCE;
                } else {
                    skipValue();
                }
            } while (comma('}'));
        }
        ws();
        if (pos != end) {
            throw Doubt.INSTANCE;
        }
        return builder.id(id).model(model).text(text).rawFinishReason(finishReason).build();
    }

    /** choices: null, or an array whose first element is an object (read) and the rest skipped. */
    private void choices() {
        // a repeated "choices" key: the last one counts, as in the tree
        text = "";
        finishReason = null;
        ws();
        if (literal("null")) {
            return;
        }
        expect('[');
        if (peek(']')) {
            return;
        }
        choice();
        while (comma(']')) {
            skipValue();
        }
    }

    private void choice() {
        expect('{');
        if (peek('}')) {
            return;
        }
        do {
            int key = key();
            if (matches(key, "delta")) {
                text = delta();
            } else if (matches(key, "finish_reason")) {
                finishReason = string(null);
            } else {
                skipValue();
            }
        } while (comma('}'));
    }

    /** A delta object's content ("" when absent or null); tool calls go to the tree path. */
    private String delta() {
        ws();
        if (literal("null")) {
            return "";
        }
        expect('{');
        String text = "";
        if (peek('}')) {
            return text;
        }
        do {
            int key = key();
            if (matches(key, "content")) {
                String t = string(null);
                text = t == null ? "" : t;
            } else if (matches(key, "tool_calls")) {
                throw Doubt.INSTANCE;
            } else {
                skipValue();
            }
        } while (comma('}'));
        return text;
    }

    /** Reads a key and its colon; returns where the key's characters start (its end is pos - 2 or so). */
    private int key() {
        ws();
        expect('"');
        int from = pos;
        while (true) {
            if (pos >= end) {
                throw Doubt.INSTANCE;
            }
            int ch = s[pos] & 0xff;
            if (ch == '"') {
                break;
            }
            if (ch == '\\' || ch < 0x20) {
                throw Doubt.INSTANCE;
            }
            pos++;
        }
        keyEnd = pos;
        pos++;
        expect(':');
        return from;
    }

    private boolean matches(int from, String name) {
        return keyEnd - from == name.length() && ascii(from, name);
    }

    /** True when the bytes from {@code from} on are the ASCII {@code word}. */
    private boolean ascii(int from, String word) {
        if (end - from < word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (s[from + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A string value or null; {@code previous} is returned instead of a copy when the text is the same. */
    private String string(String previous) {
        ws();
        if (literal("null")) {
            return null;
        }
        expect('"');
        int from = pos;
        while (pos < end) {
            int ch = s[pos] & 0xff;
            if (ch == '"') {
                int to = pos++;
                if (previous != null && previous.length() == to - from && ascii(from, previous)) {
                    return previous;
                }
                return to == from ? "" : new String(s, from, to - from, StandardCharsets.UTF_8);
            }
            if (ch == '\\') {
                return escaped(from);
            }
            if (ch < 0x20) {
                throw Doubt.INSTANCE;
            }
            pos++;
        }
        throw Doubt.INSTANCE;
    }

    /** Skips a string value without copying it, checking its escapes. */
    private void skipString() {
        pos++;
        while (pos < end) {
            int ch = s[pos++] & 0xff;
            if (ch == '"') {
                return;
            }
            if (ch < 0x20) {
                throw Doubt.INSTANCE;
            }
            if (ch == '\\') {
                require(pos < end);
                char e = (char) (s[pos++] & 0xff);
                if (e == 'u') {
                    require(pos + 4 <= end);
                    for (int i = 0; i < 4; i++) {
                        require(hex((char) (s[pos++] & 0xff)) >= 0);
                    }
                } else {
                    require("\"\\/bfnrt".indexOf(e) >= 0);
                }
            }
        }
        throw Doubt.INSTANCE;
    }

    /**
     * A string that has escapes, from {@code from} (just after its quote): its bytes up to the
     * closing quote decoded first, then unescaped (an escape is ASCII, so decoding cannot split one).
     */
    private String escaped(int from) {
        while (pos < end) {
            int ch = s[pos] & 0xff;
            if (ch == '"') {
                break;
            }
            // the byte after a backslash is skipped: it may be a quote
            pos += ch == '\\' ? 2 : 1;
        }
        if (pos >= end) {
            throw Doubt.INSTANCE;
        }
        String raw = new String(s, from, pos - from, StandardCharsets.UTF_8);
        pos++;
        return unescape(raw);
    }

    private static String unescape(String raw) {
        StringBuilder sb = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char ch = raw.charAt(i++);
            if (ch < 0x20) {
                throw Doubt.INSTANCE;
            }
            if (ch != '\\') {
                sb.append(ch);
                continue;
            }
            if (i >= raw.length()) {
                throw Doubt.INSTANCE;
            }
            char e = raw.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (i + 4 > raw.length()) {
                        throw Doubt.INSTANCE;
                    }
                    int v = 0;
                    for (int k = 0; k < 4; k++) {
                        int d = hex(raw.charAt(i++));
                        if (d < 0) {
                            throw Doubt.INSTANCE;
                        }
                        v = v * 16 + d;
                    }
                    sb.append((char) v);
                }
                default -> throw Doubt.INSTANCE;
            }
        }
        return sb.toString();
    }

    /** Skips any JSON value, checking its syntax. */
    private void skipValue() {
        ws();
        if (pos >= end) {
            throw Doubt.INSTANCE;
        }
        char ch = at(pos);
        require(++depth <= MAX_DEPTH);
        switch (ch) {
            case '"' -> skipString();
            case '{' -> {
                pos++;
                if (!peek('}')) {
                    do {
                        key();
                        skipValue();
                    } while (comma('}'));
                }
            }
            case '[' -> {
                pos++;
                if (!peek(']')) {
                    do {
                        skipValue();
                    } while (comma(']'));
                }
            }
            case 't' -> require(literal("true"));
            case 'f' -> require(literal("false"));
            case 'n' -> require(literal("null"));
            default -> number();
        }
        depth--;
    }

    /** A JSON number: -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? */
    private void number() {
        int from = pos;
        if (pos < end && at(pos) == '-') {
            pos++;
        }
        if (pos < end && at(pos) == '0') {
            pos++;
        } else {
            require(digits() > 0);
        }
        if (pos < end && at(pos) == '.') {
            pos++;
            require(digits() > 0);
        }
        if (pos < end && (at(pos) == 'e' || at(pos) == 'E')) {
            pos++;
            if (pos < end && (at(pos) == '+' || at(pos) == '-')) {
                pos++;
            }
            require(digits() > 0);
        }
        require(pos - from <= MAX_NUMBER_CHARS);
    }

    private int digits() {
        int from = pos;
        while (pos < end && at(pos) >= '0' && at(pos) <= '9') {
            pos++;
        }
        return pos - from;
    }

    /** After a member or element: true on a comma (another follows), false on {@code close}. */
    private boolean comma(char close) {
        ws();
        if (pos < end) {
            char ch = at(pos++);
            if (ch == ',') {
                return true;
            }
            if (ch == close) {
                return false;
            }
        }
        throw Doubt.INSTANCE;
    }

    /** Consumes {@code close} when it comes next (after blanks): an empty object or array. */
    private boolean peek(char close) {
        ws();
        if (pos < end && at(pos) == close) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean literal(String word) {
        if (ascii(pos, word)) {
            pos += word.length();
            return true;
        }
        return false;
    }

    private void expect(char ch) {
        ws();
        if (pos >= end || at(pos) != ch) {
            throw Doubt.INSTANCE;
        }
        pos++;
    }

    /** An ASCII hex digit's value, else -1 (JSON allows no other digits). */
    private static int hex(char ch) {
        if (ch >= '0' && ch <= '9') {
            return ch - '0';
        }
        if (ch >= 'a' && ch <= 'f') {
            return ch - 'a' + 10;
        }
        if (ch >= 'A' && ch <= 'F') {
            return ch - 'A' + 10;
        }
        return -1;
    }

    /** The byte at {@code i} as a character: ASCII as is, any other byte above 0x7f (never JSON structure). */
    private char at(int i) {
        return (char) (s[i] & 0xff);
    }

    private static void require(boolean ok) {
        if (!ok) {
            throw Doubt.INSTANCE;
        }
    }

    private void ws() {
        while (pos < end) {
            char ch = at(pos);
            if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') {
                return;
            }
            pos++;
        }
    }

    /** Thrown inside to give up on the fast path; preallocated and without a stack trace, so it costs nothing. */
    private static final class Doubt extends RuntimeException {
        private static final Doubt INSTANCE = new Doubt();

        private Doubt() {
            super(null, null, false, false);
        }
    }
}
