package dev.llmrouter.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code redis}: shared state across JVMs (used by {@code llmrouter-redis}). Absent means local
 * state only. Immutable and thread-safe; {@link #toString()} never prints the password.
 *
 * @param url {@code redis://host:port}, {@code rediss://...} for TLS
 * @param user ACL user, or null
 * @param password the password, or null
 * @param keyPrefix the key namespace (default {@code llmrouter:})
 * @param commandTimeout the longest a Redis command may take before local fallback (default 250 ms)
 * @param onFailure {@code LOCAL} (keep serving on local state; default) or {@code FAIL}
 * @param requirePersistence refuse to start when neither AOF nor RDB is on (default false: warn)
 */
public record RedisSettings(String url, String user, Secret password, String keyPrefix, Duration commandTimeout,
                            OnFailure onFailure, boolean requirePersistence) {

    /** What to do when Redis cannot be reached. */
    public enum OnFailure {
        /** Keep serving on local state, warn once, reconnect and resync. */
        LOCAL,
        /** Reject requests with a clear exception. */
        FAIL
    }

    /** @throws NullPointerException when url, prefix, timeout or mode is null */
    public RedisSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(onFailure, "onFailure");
    }

    /** The password, when set. */
    public Optional<Secret> passwordValue() {
        return Optional.ofNullable(password);
    }

    @Override
    public String toString() {
        return "RedisSettings[" + url + ", user=" + user + ", password=" + (password == null ? "none" : password)
                + ", prefix=" + keyPrefix + ", timeout=" + commandTimeout + ", onFailure=" + onFailure + "]";
    }
}
