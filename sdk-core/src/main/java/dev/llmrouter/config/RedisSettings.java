package dev.llmrouter.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code redis}: shared state across JVMs (used by {@code llmrouter-redis}). Absent means local
 * state only. Immutable and thread-safe; {@link #toString()} never prints the password. Build with
 * {@link #builder(String)}. A class rather than a record so that new settings (TLS, Sentinel,
 * pools) can be added without breaking callers.
 */
public final class RedisSettings {
    /** The default key namespace. */
    public static final String DEFAULT_KEY_PREFIX = "llmrouter:";
    /** The default longest a Redis command may take before local fallback: 250 ms. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(250);

    /** What to do when Redis cannot be reached. */
    public enum OnFailure {
        /** Keep serving on local state, warn once, reconnect and resync. */
        LOCAL,
        /** Reject requests with a clear exception. */
        FAIL
    }

    private final String url;
    private final String user;
    private final Secret password;
    private final String keyPrefix;
    private final Duration commandTimeout;
    private final OnFailure onFailure;
    private final boolean requirePersistence;

    private RedisSettings(Builder b) {
        this.url = Objects.requireNonNull(b.url, "url");
        this.user = b.user;
        this.password = b.password;
        this.keyPrefix = Objects.requireNonNull(b.keyPrefix, "keyPrefix");
        this.commandTimeout = Objects.requireNonNull(b.commandTimeout, "commandTimeout");
        this.onFailure = Objects.requireNonNull(b.onFailure, "onFailure");
        this.requirePersistence = b.requirePersistence;
    }

    /** A builder for a server at {@code url}, every other setting at its default. */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return new Builder(url).user(user).password(password).keyPrefix(keyPrefix).commandTimeout(commandTimeout)
                .onFailure(onFailure).requirePersistence(requirePersistence);
    }

    /** {@code redis://host:port}, {@code rediss://...} for TLS. */
    public String url() {
        return url;
    }

    /** The ACL user, when set. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The password, when set. */
    public Optional<Secret> password() {
        return Optional.ofNullable(password);
    }

    /** The key namespace (default {@code llmrouter:}). */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** The longest a Redis command may take before local fallback (default 250 ms). */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** {@code LOCAL} (keep serving on local state; default) or {@code FAIL}. */
    public OnFailure onFailure() {
        return onFailure;
    }

    /** Whether to refuse to start when neither AOF nor RDB is on (default false: warn). */
    public boolean requirePersistence() {
        return requirePersistence;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedisSettings r && r.url.equals(url) && Objects.equals(r.user, user)
                && Objects.equals(r.password, password) && r.keyPrefix.equals(keyPrefix)
                && r.commandTimeout.equals(commandTimeout) && r.onFailure == onFailure
                && r.requirePersistence == requirePersistence;
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, user, password, keyPrefix, commandTimeout, onFailure, requirePersistence);
    }

    @Override
    public String toString() {
        return "RedisSettings[" + url + ", user=" + user + ", password=" + (password == null ? "none" : password)
                + ", prefix=" + keyPrefix + ", timeout=" + commandTimeout + ", onFailure=" + onFailure + "]";
    }

    /** Builds {@link RedisSettings}. Not thread-safe. */
    public static final class Builder {
        private final String url;
        private String user;
        private Secret password;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private OnFailure onFailure = OnFailure.LOCAL;
        private boolean requirePersistence;

        private Builder(String url) {
            this.url = url;
        }

        /** The ACL user, or null for none (the default). */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** The password, or null for none (the default). */
        public Builder password(Secret password) {
            this.password = password;
            return this;
        }

        /** The key namespace. */
        public Builder keyPrefix(String prefix) {
            this.keyPrefix = prefix;
            return this;
        }

        /** The longest a Redis command may take before local fallback. */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = timeout;
            return this;
        }

        /** What to do when Redis cannot be reached. */
        public Builder onFailure(OnFailure mode) {
            this.onFailure = mode;
            return this;
        }

        /** Whether to refuse to start when neither AOF nor RDB is on. */
        public Builder requirePersistence(boolean require) {
            this.requirePersistence = require;
            return this;
        }

        /** @throws NullPointerException when url, prefix, timeout or mode is null */
        public RedisSettings build() {
            return new RedisSettings(this);
        }
    }
}
