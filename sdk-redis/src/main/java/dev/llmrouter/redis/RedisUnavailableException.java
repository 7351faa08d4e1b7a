package dev.llmrouter.redis;

/**
 * Thrown to callers with {@code on_redis_failure: fail} while Redis cannot be reached or answers
 * later than the command timeout: the attempt was refused rather than decided on this JVM's own
 * state. Nothing was sent to any provider.
 */
public class RedisUnavailableException extends RedisStateException {
    private static final long serialVersionUID = 1L;

    /** An exception with {@code message} and the last Redis failure (may be null when Redis is not tried). */
    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
