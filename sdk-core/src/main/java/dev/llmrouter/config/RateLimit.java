package dev.llmrouter.config;

/**
 * A pair of per-minute limits; null means unlimited. Immutable and thread-safe. A record: a fixed
 * shape, LiteLLM's rpm/tpm pair.
 *
 * @param rpm requests per minute, or null
 * @param tpm tokens (prompt + completion) per minute, or null
 */
public record RateLimit(Integer rpm, Integer tpm) {
    /** No limit. */
    public static final RateLimit NONE = new RateLimit(null, null);

    /** This limit where set, else {@code other}'s, field by field. */
    public RateLimit orElse(RateLimit other) {
        return new RateLimit(rpm != null ? rpm : other.rpm, tpm != null ? tpm : other.tpm);
    }
}
