package dev.llmrouter.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code redis}: shared state across JVMs (used by {@code llmrouter-redis}). Absent means local
 * state only. Immutable and thread-safe; build with {@link #builder(String)} (or {@link #of(String)}
 * for every default); {@link #toString()} never prints the password. A class rather than a record
 * so that new settings can be added without breaking callers.
 *
 * <p>Topology: standalone by default ({@code url}); Sentinel when {@code sentinelMaster} and
 * {@code sentinels} are set (the master is found through them; {@code url} then only carries the
 * scheme, user, password and database); Cluster when {@code clusterNodes} is set.
 */
public final class RedisSettings {
    /** The default key namespace. */
    public static final String DEFAULT_PREFIX = "llmrouter:";
    /** The default command timeout: no request waits longer on Redis. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(50);

    /** What to do when Redis cannot be reached. */
    public enum OnFailure {
        /** Keep serving on local state, warn once, reconnect and resync. */
        LOCAL,
        /** Reject requests with a clear exception. */
        FAIL
    }

    /** The topologies. */
    public enum Topology {
        /** One server (possibly with replicas nobody fails over to automatically). */
        STANDALONE,
        /** A master found through Sentinel, followed across failovers. */
        SENTINEL,
        /** Redis Cluster. */
        CLUSTER
    }

    private final String url;
    private final String user;
    private final Secret password;
    private final String keyPrefix;
    private final Duration commandTimeout;
    private final OnFailure onFailure;
    private final boolean requirePersistence;
    private final Integer database;
    private final String sentinelMaster;
    private final List<String> sentinels;
    private final List<String> clusterNodes;

    private RedisSettings(Builder b) {
        this.url = Objects.requireNonNull(b.url, "url");
        this.user = b.user;
        this.password = b.password;
        this.keyPrefix = Objects.requireNonNull(b.keyPrefix, "keyPrefix");
        this.commandTimeout = Objects.requireNonNull(b.commandTimeout, "commandTimeout");
        this.onFailure = Objects.requireNonNull(b.onFailure, "onFailure");
        this.requirePersistence = b.requirePersistence;
        this.database = b.database;
        this.sentinelMaster = b.sentinelMaster;
        this.sentinels = b.sentinels == null ? List.of() : List.copyOf(b.sentinels);
        this.clusterNodes = b.clusterNodes == null ? List.of() : List.copyOf(b.clusterNodes);
    }

    /** Settings for {@code url} with every default. */
    public static RedisSettings of(String url) {
        return builder(url).build();
    }

    /**
     * A builder for {@code url} ({@code redis://host:port[/db]}, {@code rediss://...} for TLS; the
     * bare scheme {@code redis://} with Sentinel or Cluster), every other field at its default.
     */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        return new Builder(url).user(user).password(password).keyPrefix(keyPrefix).commandTimeout(commandTimeout)
                .onFailure(onFailure).requirePersistence(requirePersistence).database(database)
                .sentinelMaster(sentinelMaster).sentinels(sentinels).clusterNodes(clusterNodes);
    }

    /** {@code redis://host:port[/db]}, {@code rediss://...} for TLS. */
    public String url() {
        return url;
    }

    /** The ACL user, or null. */
    public String user() {
        return user;
    }

    /** The password, or null (see {@link #passwordValue()}). */
    public Secret password() {
        return password;
    }

    /** The key namespace (default {@code llmrouter:}). */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** The longest a Redis command may take before local fallback (default 50 ms). */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** {@code LOCAL} (keep serving on local state; default) or {@code FAIL}. */
    public OnFailure onFailure() {
        return onFailure;
    }

    /** Refuse to start when neither AOF nor RDB is on (default false: warn). */
    public boolean requirePersistence() {
        return requirePersistence;
    }

    /** The database number, or null for the one in the URL (else 0); not on Cluster. */
    public Integer database() {
        return database;
    }

    /** The master name Sentinel monitors, or null. */
    public String sentinelMaster() {
        return sentinelMaster;
    }

    /** The Sentinels as {@code host:port} (empty unless Sentinel). */
    public List<String> sentinels() {
        return sentinels;
    }

    /** Some Cluster nodes as {@code host:port} (empty unless Cluster). */
    public List<String> clusterNodes() {
        return clusterNodes;
    }

    /** The topology these settings describe. */
    public Topology topology() {
        if (!clusterNodes.isEmpty()) {
            return Topology.CLUSTER;
        }
        return sentinelMaster != null ? Topology.SENTINEL : Topology.STANDALONE;
    }

    /** The password, when set. */
    public Optional<Secret> passwordValue() {
        return Optional.ofNullable(password);
    }

    /** The URL with any password in it masked, for logs and messages. */
    public String redactedUrl() {
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        return scheme < 0 || at < scheme ? url : url.substring(0, scheme + 3) + "***@" + url.substring(at + 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedisSettings r && r.url.equals(url) && Objects.equals(r.user, user)
                && Objects.equals(r.password, password) && r.keyPrefix.equals(keyPrefix)
                && r.commandTimeout.equals(commandTimeout) && r.onFailure == onFailure
                && r.requirePersistence == requirePersistence && Objects.equals(r.database, database)
                && Objects.equals(r.sentinelMaster, sentinelMaster) && r.sentinels.equals(sentinels)
                && r.clusterNodes.equals(clusterNodes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, user, password, keyPrefix, commandTimeout, onFailure, requirePersistence, database,
                sentinelMaster, sentinels, clusterNodes);
    }

    @Override
    public String toString() {
        return "RedisSettings[" + redactedUrl() + ", user=" + user + ", password=" + (password == null ? "none" : password)
                + ", prefix=" + keyPrefix + ", timeout=" + commandTimeout + ", onFailure=" + onFailure
                + ", topology=" + topology() + (database == null ? "" : ", database=" + database)
                + (sentinelMaster == null ? "" : ", master=" + sentinelMaster + " via " + sentinels)
                + (clusterNodes.isEmpty() ? "" : ", nodes=" + clusterNodes) + "]";
    }

    /** Builds {@link RedisSettings}; every field but the URL starts at its default. Not thread-safe. */
    public static final class Builder {
        private final String url;
        private String user;
        private Secret password;
        private String keyPrefix = DEFAULT_PREFIX;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private OnFailure onFailure = OnFailure.LOCAL;
        private boolean requirePersistence;
        private Integer database;
        private String sentinelMaster;
        private List<String> sentinels = List.of();
        private List<String> clusterNodes = List.of();

        private Builder(String url) {
            this.url = url;
        }

        /** The ACL user (null: the URL's, else none). */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** The password (null: the URL's, else none). */
        public Builder password(Secret password) {
            this.password = password;
            return this;
        }

        /** The key namespace. */
        public Builder keyPrefix(String prefix) {
            this.keyPrefix = prefix;
            return this;
        }

        /** The longest a Redis command may take. */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = timeout;
            return this;
        }

        /** What callers see while Redis is away. */
        public Builder onFailure(OnFailure mode) {
            this.onFailure = mode;
            return this;
        }

        /** Whether to refuse to start when Redis persists nothing. */
        public Builder requirePersistence(boolean required) {
            this.requirePersistence = required;
            return this;
        }

        /** The database number (null: the URL's, else 0). */
        public Builder database(Integer database) {
            this.database = database;
            return this;
        }

        /** The master name Sentinel monitors (null: not Sentinel). */
        public Builder sentinelMaster(String name) {
            this.sentinelMaster = name;
            return this;
        }

        /** The Sentinels as {@code host:port}. */
        public Builder sentinels(List<String> hostPorts) {
            this.sentinels = hostPorts;
            return this;
        }

        /** Some Cluster nodes as {@code host:port} (non-empty: Cluster). */
        public Builder clusterNodes(List<String> hostPorts) {
            this.clusterNodes = hostPorts;
            return this;
        }

        /** @throws NullPointerException when url, prefix, timeout or mode is null */
        public RedisSettings build() {
            return new RedisSettings(this);
        }
    }
}
