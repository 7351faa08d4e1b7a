package dev.llmrouter.spi.state;

import dev.llmrouter.config.RateLimit;

/**
 * Exact sliding-window rpm/tpm accounting per key (DESIGN section 4.4): no window of one minute,
 * wherever it starts, ever holds more admitted requests or reserved tokens than the limit. Limits
 * travel with each call, so a Redis implementation can take them as script arguments and reserve
 * the deployment's and the group's keys in the same round trip.
 *
 * <p>Implementations are thread-safe.
 */
public interface RateLimitStore {

    /**
     * Reserves one request and {@code tokens} tokens (an upper bound) under {@code key}, or says
     * which limit is full and when it frees enough room. A {@code tokens} larger than the whole tpm
     * is clamped to the tpm (it waits for an empty window instead of being refused forever); the
     * rest is charged at reconciliation like any under-estimate. A limit of zero or less admits
     * nothing.
     */
    RateReservation tryReserve(LimitScope scope, String key, RateLimit limit, long tokens);

    /**
     * Replaces the reservation's tokens with the real usage, in the window slot of the reservation:
     * refunds an over-reservation, charges an under-estimate. Nothing happens when the slot has
     * already left the window. Call at most once per reservation; a negative {@code actualTokens}
     * (usage unknown) keeps the reservation as it is.
     */
    void reconcile(RateReservation reservation, long actualTokens);

    /** Takes back a reservation that was not used: its request and its tokens. */
    void cancel(RateReservation reservation);

    /**
     * The share of a key's limits still free now, 0 to 1: the smaller of the rpm and tpm shares, 1
     * when unlimited.
     */
    double headroom(LimitScope scope, String key, RateLimit limit);
}
