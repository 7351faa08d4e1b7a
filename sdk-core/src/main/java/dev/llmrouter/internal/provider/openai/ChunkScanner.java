package dev.llmrouter.internal.provider.openai;

import dev.llmrouter.api.ChatChunk;

/**
 * The fast path for the chat completion chunks nearly every stream consists of: reads one chunk's
 * JSON in place, in one pass, without building a tree, for the shape
 * {@code {"id":..,"model":..,"choices":[{"delta":{"content":"..."},"finish_reason":..}]}} (other
 * fields skipped). Anything else (tool calls, a content array, usage, an error, a value of another
 * type than the common one, an escaped key, JSON it doubts) makes it return {@code null}, and the
 * caller parses the event with {@link OpenAiResponseMapper#chunk} as before, which gives the same
 * chunk or the same error; so this class only decides how fast, never what. The id and model
 * strings of the previous chunk are reused when they repeat, so a chunk costs its text and itself.
 *
 * <p>Not thread-safe: one per stream.
 */
final class ChunkScanner {
    /** Deeper than this, the tree path (with its own limits) decides. */
    private static final int MAX_DEPTH = 64;
    /** Jackson's default limit on a number's length. */
    private static final int MAX_NUMBER_CHARS = 1000;

    private String s;
    private int pos;
    private int keyEnd;
    private int depth;
    private String lastId;
    private String lastModel;
    private String text;
    private String finishReason;
    /** Reused for every chunk: a builder makes a new chunk at each build, so only the chunk is allocated. */
    private final ChatChunk.Builder builder = ChatChunk.builder();

    /** The chunk in {@code json} from {@code start} on, or null when the fast path does not apply. */
    ChatChunk scan(String json, int start) {
        this.s = json;
        this.pos = start;
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
        if (pos != s.length()) {
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
            if (pos >= s.length()) {
                throw Doubt.INSTANCE;
            }
            char ch = s.charAt(pos);
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
        return keyEnd - from == name.length() && s.startsWith(name, from);
    }

    /** A string value or null; {@code previous} is returned instead of a copy when the text is the same. */
    private String string(String previous) {
        ws();
        if (literal("null")) {
            return null;
        }
        expect('"');
        int from = pos;
        while (pos < s.length()) {
            char ch = s.charAt(pos);
            if (ch == '"') {
                int to = pos++;
                if (previous != null && previous.length() == to - from && s.startsWith(previous, from)) {
                    return previous;
                }
                return s.substring(from, to);
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
        while (pos < s.length()) {
            char ch = s.charAt(pos++);
            if (ch == '"') {
                return;
            }
            if (ch < 0x20) {
                throw Doubt.INSTANCE;
            }
            if (ch == '\\') {
                require(pos < s.length());
                char e = s.charAt(pos++);
                if (e == 'u') {
                    require(pos + 4 <= s.length());
                    for (int i = 0; i < 4; i++) {
                        require(hex(s.charAt(pos++)) >= 0);
                    }
                } else {
                    require("\"\\/bfnrt".indexOf(e) >= 0);
                }
            }
        }
        throw Doubt.INSTANCE;
    }

    /** The rest of a string that has escapes, from {@code from} (just after its quote). */
    private String escaped(int from) {
        StringBuilder sb = new StringBuilder(pos - from + 16).append(s, from, pos);
        while (pos < s.length()) {
            char ch = s.charAt(pos++);
            if (ch == '"') {
                return sb.toString();
            }
            if (ch < 0x20) {
                throw Doubt.INSTANCE;
            }
            if (ch != '\\') {
                sb.append(ch);
                continue;
            }
            if (pos >= s.length()) {
                throw Doubt.INSTANCE;
            }
            char e = s.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > s.length()) {
                        throw Doubt.INSTANCE;
                    }
                    int v = 0;
                    for (int i = 0; i < 4; i++) {
                        int d = hex(s.charAt(pos++));
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
        throw Doubt.INSTANCE;
    }

    /** Skips any JSON value, checking its syntax. */
    private void skipValue() {
        ws();
        if (pos >= s.length()) {
            throw Doubt.INSTANCE;
        }
        char ch = s.charAt(pos);
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
        if (pos < s.length() && s.charAt(pos) == '-') {
            pos++;
        }
        if (pos < s.length() && s.charAt(pos) == '0') {
            pos++;
        } else {
            require(digits() > 0);
        }
        if (pos < s.length() && s.charAt(pos) == '.') {
            pos++;
            require(digits() > 0);
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            pos++;
            if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                pos++;
            }
            require(digits() > 0);
        }
        require(pos - from <= MAX_NUMBER_CHARS);
    }

    private int digits() {
        int from = pos;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
        return pos - from;
    }

    /** After a member or element: true on a comma (another follows), false on {@code close}. */
    private boolean comma(char close) {
        ws();
        if (pos < s.length()) {
            char ch = s.charAt(pos++);
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
        if (pos < s.length() && s.charAt(pos) == close) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean literal(String word) {
        if (s.startsWith(word, pos)) {
            pos += word.length();
            return true;
        }
        return false;
    }

    private void expect(char ch) {
        ws();
        if (pos >= s.length() || s.charAt(pos) != ch) {
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

    private static void require(boolean ok) {
        if (!ok) {
            throw Doubt.INSTANCE;
        }
    }

    private void ws() {
        while (pos < s.length()) {
            char ch = s.charAt(pos);
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
