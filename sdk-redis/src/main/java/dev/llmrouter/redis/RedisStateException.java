package dev.llmrouter.redis;

import dev.llmrouter.api.FailureKind;
import dev.llmrouter.api.LlmRouterException;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The shared state on Redis could not be used: Redis unreachable or slower than the command
 * timeout, a wrong password or an ACL denial, a key of the wrong type under the prefix, or a reply
 * of an unexpected shape. The message names the command (and the key, when one is at fault) and
 * never the password. With {@code on_redis_failure: fail} callers see it; with {@code local} the
 * router serves on local state instead. Its kind is {@link FailureKind#NO_DEPLOYMENT}: no attempt
 * was made.
 */
public class RedisStateException extends LlmRouterException {
    private static final long serialVersionUID = 1L;

    /** An exception with {@code message} and the Redis client's {@code cause} (may be null). */
    public RedisStateException(String message, Throwable cause) {
        super(message, FailureKind.NO_DEPLOYMENT, cause);
    }

    /** True when Redis could not be reached or answered too late (as opposed to a bad reply or key). */
    public boolean unreachable() {
        Throwable c = getCause();
        if (c instanceof JedisConnectionException || c instanceof redis.clients.jedis.exceptions.JedisClusterOperationException) {
            return true;
        }
        String m = c == null || c.getMessage() == null ? "" : c.getMessage();
        // transient server states: loading after a restart, a demoted master, a busy script, a cluster in flux
        for (String transientState : TRANSIENT) {
            if (m.startsWith(transientState)) {
                return true;
            }
        }
        return false;
    }

    private static final String[] TRANSIENT = {"Could not get a resource from the pool", "LOADING", "READONLY", "BUSY",
        "CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN"};

    /** Wraps a client failure of {@code command}, saying what kind of failure it was. */
    static RedisStateException of(String command, RuntimeException e) {
        if (e instanceof RedisStateException r) {
            return r;
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof JedisAccessControlException || m.startsWith("NOPERM") || m.startsWith("WRONGPASS")
                || m.startsWith("NOAUTH")) {
            return new RedisStateException("Redis refused " + command + ": " + m
                    + " (check redis.user and redis.password, and the user's ACL: it needs EVALSHA, EVAL, INFO and"
                    + " the keys under the prefix)", e);
        }
        if (e instanceof JedisConnectionException) {
            return new RedisStateException("Redis did not answer " + command + " in time or could not be reached: " + m, e);
        }
        if (e instanceof JedisDataException) {
            return new RedisStateException("Redis failed " + command + ": " + m, e);
        }
        return new RedisStateException("Redis failed " + command + ": " + m, e);
    }
}
