package dev.llmrouter.spi.state;

/**
 * The answer of {@link RateLimitStore#tryReserve}: one request and {@code tokens} tokens reserved
 * in window slot {@code slot} of key {@code key}, or a denial by the rpm or tpm limit that may
 * admit again after {@code retryAfterNanos}. Immutable and thread-safe. A record: a message of the
 * rate-limit protocol between the engine and a {@link RateLimitStore}, shaped by that protocol (a
 * new field would be an SPI change).
 *
 * @param scope the key's scope (null for {@link #UNLIMITED})
 * @param key the key (null for {@link #UNLIMITED})
 * @param denial the limit that said no ({@link Limit#RPM} or {@link Limit#TPM}), or null when granted
 * @param retryAfterNanos when denied: nanoseconds until the oldest entries that block it leave the window
 * @param slot the window slot holding the reservation, or {@link #NO_SLOT} when nothing was recorded
 * @param tokens the tokens reserved (the request's bound, clamped to the tpm)
 */
public record RateReservation(LimitScope scope, String key, Limit denial, long retryAfterNanos, long slot,
                              long tokens) {

    /** Which limit said no. */
    public enum Limit {
        /** Requests per minute. */
        RPM,
        /** Tokens per minute. */
        TPM
    }

    /** The slot of a reservation that recorded nothing. */
    public static final long NO_SLOT = Long.MIN_VALUE;

    /** The grant for a key with no limits: nothing is recorded, reconciling it does nothing. */
    public static final RateReservation UNLIMITED = new RateReservation(null, null, null, 0, NO_SLOT, 0);

    /** True when the reservation was made. */
    public boolean granted() {
        return denial == null;
    }

    /** True when something was recorded that reconciling or cancelling must touch. */
    public boolean recorded() {
        return denial == null && slot != NO_SLOT;
    }
}
