package dev.llmrouter.redis;

import dev.llmrouter.TimeSource;
import dev.llmrouter.api.ConfigException;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.config.RedisSettings;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.Timeouts;
import dev.llmrouter.spi.state.AdmissionControl;
import dev.llmrouter.spi.state.SharedState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Opens the router's shared state on Redis: the client for the {@code redis:} section (standalone,
 * Sentinel, Cluster, TLS, ACL, database), a check of {@code INFO persistence}, and the admission
 * control ({@link RedisAdmissionControl} guarded by {@link FallbackAdmissionControl}). Used through
 * {@code LlmRouter.fromYaml} (found by {@link java.util.ServiceLoader}, see {@link RedisStateProvider})
 * or directly with a client the application already has:
 * <pre>{@code
 * try (RedisClient jedis = RedisClient.create("10.0.0.5", 6379);
 *      LlmRouter router = LlmRouter.builder().config(config)
 *              .admissionControl(RedisStateStore.admissionControl(jedis, config)).build()) { ... }
 * }</pre>
 * Thread-safe (static).
 */
public final class RedisStateStore {
    private static final Logger LOG = LoggerFactory.getLogger(RedisStateStore.class);
    /** The shortest half-open probe lease (as the local circuit store). */
    static final Duration MIN_PROBE_LEASE = Duration.ofSeconds(30);
    /** How long past the longest request an unsettled lease lives (a JVM died mid-attempt). */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    private RedisStateStore() {
    }

    /**
     * Connects to the Redis of {@code config.redis()} and returns the shared state; the admission
     * control owns the client (the router closes it).
     *
     * @throws ConfigException when Redis refuses the credentials, or persistence is required and off
     *         (or cannot be checked)
     */
    public static SharedState open(RouterConfig config, TimeSource time) {
        RedisSettings s = config.redis().orElseThrow(() -> new ConfigException("the configuration has no redis: section"));
        String where = RedisConnections.describe(s) + ", prefix " + s.keyPrefix();
        UnifiedJedis jedis = RedisConnections.open(s);
        try {
            check(jedis, s, where);
            RedisAdmissionControl redis = redis(jedis, config, s.keyPrefix(), s.topology() != RedisSettings.Topology.CLUSTER);
            return new SharedState(new FallbackAdmissionControl(redis, AdmissionControl.local(time),
                    s.onFailure(), where, jedis, dropIdle(jedis)), null);
        } catch (RuntimeException e) {
            jedis.close();
            throw e;
        }
    }

    /**
     * Shared state on a client the application built and owns (its own pool, topology and
     * timeouts): the returned admission control does not close it, and falls back to local state
     * while it is unreachable. Key prefix and failure mode come from {@code config.redis()} when
     * present, else the defaults. Group limits join the deployment's script unless the client is a
     * {@link RedisClusterClient}.
     */
    public static AdmissionControl admissionControl(UnifiedJedis jedis, RouterConfig config) {
        Objects.requireNonNull(jedis, "jedis");
        RedisSettings s = config.redis().orElse(RedisSettings.of("redis://"));
        boolean cluster = jedis instanceof RedisClusterClient;
        RedisAdmissionControl redis = redis(jedis, config, s.keyPrefix(), !cluster);
        return new FallbackAdmissionControl(redis, AdmissionControl.local(TimeSource.system()),
                s.onFailure(), "redis (application's client), prefix " + s.keyPrefix(), null, dropIdle(jedis));
    }

    private static Runnable dropIdle(UnifiedJedis jedis) {
        if (jedis instanceof redis.clients.jedis.RedisClient standalone) {
            return () -> standalone.getPool().clear();
        }
        // Sentinel re-creates its pool on a master switch; Cluster renews slot connections itself
        return () -> { };
    }

    private static RedisAdmissionControl redis(UnifiedJedis jedis, RouterConfig config, String prefix, boolean groupInScript) {
        Timeouts t = config.routerSettings().timeouts();
        Duration longest = t.overall().compareTo(t.stream()) >= 0 ? t.overall() : t.stream();
        return new RedisAdmissionControl(jedis, new RedisKeys(prefix), providers(config), longest.plus(LEASE_MARGIN),
                MIN_PROBE_LEASE, groupInScript);
    }

    /** Deployment id ({@code group/provider/model#n}, as the router names them) to provider. */
    static Map<String, String> providers(RouterConfig config) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ModelGroupConfig g : config.models().values()) {
            for (int i = 0; i < g.deployments().size(); i++) {
                DeploymentConfig d = g.deployments().get(i);
                out.put(g.name() + "/" + d.provider() + "/" + d.model() + "#" + i, d.provider());
            }
        }
        return out;
    }

    /**
     * Pings Redis and reads {@code INFO persistence}. Credentials refused: a ConfigException.
     * Unreachable: a warning (the router starts and falls back or rejects per on_redis_failure),
     * unless persistence is required, which cannot then be checked.
     */
    private static void check(UnifiedJedis jedis, RedisSettings s, String where) {
        List<Persistence> nodes;
        try {
            nodes = persistence(jedis);
        } catch (RuntimeException e) {
            RedisStateException r = RedisStateException.of("INFO persistence", e);
            if (!r.unreachable()) {
                throw new ConfigException("cannot use Redis (" + where + "): " + r.getMessage());
            }
            if (s.requirePersistence()) {
                throw new ConfigException("redis.require_persistence is true but Redis (" + where
                        + ") cannot be reached to check it: " + r.getMessage());
            }
            LOG.warn("Redis ({}) cannot be reached at start: {}; the router starts and {}", where, r.getMessage(),
                    s.onFailure() == RedisSettings.OnFailure.LOCAL ? "serves on local state until it is back"
                            : "rejects requests until it is back");
            return;
        }
        String how = "turn it on in redis.conf (appendonly yes, appendfsync everysec, and save 3600 1 300 100 60 10000)"
                + " or at run time: redis-cli CONFIG SET appendonly yes; redis-cli CONFIG SET appendfsync everysec;"
                + " redis-cli CONFIG REWRITE";
        for (Persistence p : nodes) {
            if (p.durable()) {
                continue;
            }
            String what = p.rdbUnknown() ? "AOF off, and RDB could not be checked (CONFIG GET save was refused)"
                    : "neither AOF nor RDB persistence on";
            if (s.requirePersistence()) {
                throw new ConfigException("Redis (" + where + ") has " + what + ", and redis.require_persistence is true: "
                        + how);
            }
            LOG.warn("Redis ({}) has {}: a restart loses every circuit, limit and lease; {}", where, what, how);
            return;
        }
    }

    /** Each node's persistence (one for standalone and Sentinel, every master and replica on Cluster). */
    private static List<Persistence> persistence(UnifiedJedis jedis) {
        if (!(jedis instanceof RedisClusterClient cluster)) {
            String info = jedis.info("persistence");
            return List.of(Persistence.of(info, () -> savePoints(() -> jedis.configGet("save"))));
        }
        List<Persistence> out = new ArrayList<>();
        for (Map.Entry<String, ConnectionPool> node : cluster.getClusterNodes().entrySet()) {
            try (Connection c = node.getValue().getResource()) {
                Jedis j = new Jedis(c);
                out.add(Persistence.of(j.info("persistence"), () -> savePoints(() -> j.configGet("save"))));
            }
        }
        return out;
    }

    private static String savePoints(Supplier<Map<String, String>> configGet) {
        try {
            return configGet.get().getOrDefault("save", "");
        } catch (RuntimeException refused) {
            return null;
        }
    }

    /** What {@code INFO persistence} (and {@code CONFIG GET save}) say. */
    record Persistence(boolean aof, boolean rdb, boolean rdbUnknown) {
        static Persistence of(String info, Supplier<String> savePoints) {
            boolean aof = info.contains("aof_enabled:1");
            if (aof) {
                return new Persistence(true, false, false);
            }
            String save = savePoints.get();
            return new Persistence(false, save != null && !save.isBlank(), save == null);
        }

        boolean durable() {
            return aof || rdb;
        }
    }
}
