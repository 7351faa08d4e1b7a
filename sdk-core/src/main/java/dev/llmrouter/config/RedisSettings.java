package dev.llmrouter.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code redis}: shared state across JVMs (used by {@code llmrouter-redis}). Absent means local
 * state only. Immutable and thread-safe; {@link #toString()} never prints the password.
 *
 * <p>Topology: standalone by default ({@code url}); Sentinel when {@code sentinelMaster} and
 * {@code sentinels} are set (the master is found through them; {@code url} then only carries the
 * scheme, user, password and database); Cluster when {@code clusterNodes} is set.
 *
 * @param url {@code redis://host:port[/db]}, {@code rediss://...} for TLS
 * @param user ACL user, or null
 * @param password the password, or null
 * @param keyPrefix the key namespace (default {@code llmrouter:})
 * @param commandTimeout the longest a Redis command may take before local fallback (default 50 ms)
 * @param onFailure {@code LOCAL} (keep serving on local state; default) or {@code FAIL}
 * @param requirePersistence refuse to start when neither AOF nor RDB is on (default false: warn)
 * @param database the database number, or null for the one in the URL (else 0); not on Cluster
 * @param sentinelMaster the master name Sentinel monitors, or null
 * @param sentinels the Sentinels as {@code host:port} (empty unless Sentinel)
 * @param clusterNodes some Cluster nodes as {@code host:port} (empty unless Cluster)
 */
public record RedisSettings(String url, String user, Secret password, String keyPrefix, Duration commandTimeout,
                            OnFailure onFailure, boolean requirePersistence, Integer database, String sentinelMaster,
                            List<String> sentinels, List<String> clusterNodes) {

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

    /** @throws NullPointerException when url, prefix, timeout or mode is null */
    public RedisSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(onFailure, "onFailure");
        sentinels = sentinels == null ? List.of() : List.copyOf(sentinels);
        clusterNodes = clusterNodes == null ? List.of() : List.copyOf(clusterNodes);
    }

    /** A standalone server's settings (no database override, no Sentinel, no Cluster). */
    public RedisSettings(String url, String user, Secret password, String keyPrefix, Duration commandTimeout,
                         OnFailure onFailure, boolean requirePersistence) {
        this(url, user, password, keyPrefix, commandTimeout, onFailure, requirePersistence, null, null, List.of(),
                List.of());
    }

    /** Settings for {@code url} with every default. */
    public static RedisSettings of(String url) {
        return new RedisSettings(url, null, null, DEFAULT_PREFIX, DEFAULT_COMMAND_TIMEOUT, OnFailure.LOCAL, false);
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
    public String toString() {
        return "RedisSettings[" + redactedUrl() + ", user=" + user + ", password=" + (password == null ? "none" : password)
                + ", prefix=" + keyPrefix + ", timeout=" + commandTimeout + ", onFailure=" + onFailure
                + ", topology=" + topology() + (database == null ? "" : ", database=" + database)
                + (sentinelMaster == null ? "" : ", master=" + sentinelMaster + " via " + sentinels)
                + (clusterNodes.isEmpty() ? "" : ", nodes=" + clusterNodes) + "]";
    }
}
