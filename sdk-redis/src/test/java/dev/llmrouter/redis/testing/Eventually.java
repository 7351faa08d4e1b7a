package dev.llmrouter.redis.testing;

import java.time.Duration;

/**
 * Waits, bounded, for a condition on state another process owns: a redis-server's keys, replies
 * or its own clock (a circuit's cooldown counted by Redis {@code TIME}), or what a deferred settle's
 * background thread has sent it. No clock can be injected into another process, so the tests that
 * look at Redis poll it; this is the one place they do, and a condition that never holds fails
 * the test with what was awaited instead of hanging it. Stateless and thread-safe.
 */
public final class Eventually {
    /** Between two looks: short next to any limit given here, long enough not to load Redis. */
    private static final long POLL_MILLIS = 5;

    private Eventually() {
    }

    /** A condition to wait for; it may itself wait (a Redis command), so it may be interrupted. */
    @FunctionalInterface
    public interface Condition {
        /** Whether the awaited state is there now. */
        boolean holds() throws InterruptedException;
    }

    /**
     * Returns once {@code condition} holds; throws an {@link AssertionError} naming {@code what} when it
     * still does not after {@code limit}. The condition is checked at least once, at once.
     */
    public static void await(Duration limit, String what, Condition condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + limit.toMillis() + " ms: " + what);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
