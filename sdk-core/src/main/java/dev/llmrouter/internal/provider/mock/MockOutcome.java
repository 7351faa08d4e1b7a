package dev.llmrouter.internal.provider.mock;

import java.util.Locale;

/**
 * One scripted outcome of a mock call: a reply, an HTTP error status, or one of the named faults.
 * Immutable and thread-safe.
 *
 * @param kind what happens
 * @param status the HTTP status for {@link Kind#HTTP}, else 0
 */
record MockOutcome(Kind kind, int status) {
    static final MockOutcome OK = new MockOutcome(Kind.OK, 0);

    /** What a mock call does. */
    enum Kind {
        OK, HTTP, CONNECTION_RESET, TIMEOUT, CONTEXT_WINDOW, CONTENT_POLICY, STREAM_BREAK
    }

    /**
     * Parses {@code ok}, an HTTP status (number or digits), or a fault name.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    static MockOutcome parse(Object value) {
        if (value instanceof Number n) {
            return ofStatus(n.intValue(), value);
        }
        String s = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        if (s.chars().allMatch(Character::isDigit) && !s.isEmpty()) {
            return ofStatus(Integer.parseInt(s), value);
        }
        return switch (s) {
            case "ok" -> OK;
            case "connection_reset" -> new MockOutcome(Kind.CONNECTION_RESET, 0);
            case "timeout" -> new MockOutcome(Kind.TIMEOUT, 0);
            case "context_window" -> new MockOutcome(Kind.CONTEXT_WINDOW, 400);
            case "content_policy" -> new MockOutcome(Kind.CONTENT_POLICY, 400);
            case "stream_break" -> new MockOutcome(Kind.STREAM_BREAK, 200);
            default -> throw new IllegalArgumentException("unknown mock outcome '" + value + "': use ok, an HTTP status "
                    + "(400, 401, 404, 429, 500, 503, 529, ...), connection_reset, timeout, context_window, "
                    + "content_policy or stream_break");
        };
    }

    private static MockOutcome ofStatus(int status, Object raw) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("mock failure status must be an HTTP status 200-599, got " + raw);
        }
        return status < 300 ? OK : new MockOutcome(Kind.HTTP, status);
    }
}
