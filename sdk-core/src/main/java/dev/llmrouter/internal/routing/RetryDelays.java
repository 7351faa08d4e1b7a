package dev.llmrouter.internal.routing;

import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.config.Backoff;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The wait before retrying on a deployment that already failed (when no other deployment is
 * available, the wait is zero and not computed here): the server's retry hint when it gave one,
 * capped at {@code maxServerDelay}; else exponential backoff from {@code initial}, times
 * {@code multiplier} per retry, capped at {@code max}, with up to {@code jitter} of it taken off
 * at random. Stateless.
 */
final class RetryDelays {
    private RetryDelays() {
    }

    /** The delay in nanoseconds before retry number {@code retry} (from 1) after {@code cause}. */
    static long delay(Backoff backoff, int retry, LlmRouterException cause, RandomGenerator random) {
        Optional<Duration> hint = cause.retryAfter();
        if (hint.isPresent() && !hint.get().isNegative()) {
            Duration h = hint.get();
            return (h.compareTo(backoff.maxServerDelay()) > 0 ? backoff.maxServerDelay() : h).toNanos();
        }
        double base = backoff.initial().toNanos() * Math.pow(backoff.multiplier(), Math.max(0, retry - 1));
        base = Math.min(base, backoff.max().toNanos());
        double jitter = Math.min(1, Math.max(0, backoff.jitter()));
        return (long) (base * (1 - jitter * random.nextDouble()));
    }
}
