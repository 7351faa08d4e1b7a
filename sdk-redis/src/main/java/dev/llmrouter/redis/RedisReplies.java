package dev.llmrouter.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks the shape of script replies: a Redis (or a proxy in front of it) that answers with an
 * unexpected type gets a clear error naming the script, never a half-read counter. Thread-safe
 * (static helpers).
 */
final class RedisReplies {
    private RedisReplies() {
    }

    /** The reply as {@code size} integers. */
    static List<Long> longs(Object reply, String script, int size) {
        if (!(reply instanceof List<?> list)) {
            throw new RedisStateException("the " + script + " script answered " + describe(reply)
                    + " where a list of " + size + " integers was expected", null);
        }
        if (list.size() != size) {
            throw new RedisStateException("the " + script + " script answered " + list.size() + " values where " + size
                    + " were expected (is another version of llmrouter using the same key_prefix?)", null);
        }
        List<Long> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            Object v = list.get(i);
            if (!(v instanceof Long l)) {
                throw new RedisStateException("the " + script + " script answered " + describe(v) + " at position " + (i + 1)
                        + " where an integer was expected", null);
            }
            out.add(l);
        }
        return out;
    }

    private static String describe(Object v) {
        if (v == null) {
            return "nil";
        }
        if (v instanceof byte[] b) {
            return "a string of " + b.length + " bytes";
        }
        return "a " + v.getClass().getSimpleName();
    }
}
