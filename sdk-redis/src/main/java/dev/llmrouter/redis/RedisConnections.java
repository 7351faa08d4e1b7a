package dev.llmrouter.redis;

import dev.llmrouter.api.ConfigException;
import dev.llmrouter.config.RedisSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Builds the Jedis client for a {@link RedisSettings}: standalone ({@code url}), Sentinel
 * ({@code sentinel_master} + {@code sentinels}) or Cluster ({@code cluster_nodes}); TLS for
 * {@code rediss://}; ACL user and password (the settings' own, else the URL's); the database
 * ({@code database}, else the URL's path). Every command, connect and pool wait is bounded by the
 * command timeout (the pool never waits forever); RESP2 is pinned so replies keep one shape;
 * Cluster retries stay within the command timeout. Thread-safe (static).
 */
final class RedisConnections {
    /** Connections per client: more than the threads that ask at once, so the bounded pool wait is never what fails. */
    private static final int POOL_SIZE = 128;

    private RedisConnections() {
    }

    /** Where the settings point, without any password: for logs and health. */
    static String describe(RedisSettings s) {
        Endpoint e = endpoint(s);
        return switch (s.topology()) {
            case STANDALONE -> "redis standalone " + e.host + ":" + e.port + " db " + e.database + (e.tls ? " (TLS)" : "");
            case SENTINEL -> "redis sentinel master " + s.sentinelMaster() + " via " + s.sentinels() + " db " + e.database
                    + (e.tls ? " (TLS)" : "");
            case CLUSTER -> "redis cluster " + s.clusterNodes() + (e.tls ? " (TLS)" : "");
        };
    }

    /** A new client for the settings; the caller closes it. */
    static UnifiedJedis open(RedisSettings s) {
        Endpoint e = endpoint(s);
        int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, s.commandTimeout().toMillis()));
        DefaultJedisClientConfig.Builder cfg = DefaultJedisClientConfig.builder().resp2().connectionTimeoutMillis(timeout)
                .socketTimeoutMillis(timeout).ssl(e.tls).clientName("llmrouter");
        String user = s.user() != null ? s.user() : e.user;
        String password = s.passwordValue().map(p -> p.reveal()).orElse(e.password);
        if (user != null) {
            cfg.user(user);
        }
        if (password != null) {
            cfg.password(password);
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(Duration.ofMillis(timeout));
        return switch (s.topology()) {
            case STANDALONE -> RedisClient.builder().hostAndPort(e.host, e.port).clientConfig(cfg.database(e.database).build())
                    .poolConfig(pool).build();
            case SENTINEL -> RedisSentinelClient.builder().masterName(s.sentinelMaster()).sentinels(nodes(s.sentinels()))
                    .clientConfig(cfg.database(e.database).build())
                    .sentinelClientConfig(DefaultJedisClientConfig.builder().resp2().connectionTimeoutMillis(timeout)
                            .socketTimeoutMillis(timeout).ssl(e.tls).build())
                    .poolConfig(pool).build();
            case CLUSTER -> RedisClusterClient.builder().nodes(nodes(s.clusterNodes())).clientConfig(cfg.build())
                    .poolConfig(pool).maxAttempts(3).maxTotalRetriesDuration(Duration.ofMillis(timeout)).build();
        };
    }

    private static Set<HostAndPort> nodes(List<String> list) {
        Set<HostAndPort> out = new LinkedHashSet<>();
        for (String n : list) {
            int colon = n.lastIndexOf(':');
            out.add(new HostAndPort(n.substring(0, colon), Integer.parseInt(n.substring(colon + 1))));
        }
        return out;
    }

    private record Endpoint(String host, int port, int database, boolean tls, String user, String password) {
    }

    private static Endpoint endpoint(RedisSettings s) {
        URI u;
        try {
            // with only sentinels or cluster_nodes the binder leaves the bare scheme, which has no authority
            u = new URI(s.url().matches("(?i)rediss?://") ? s.url() + "127.0.0.1" : s.url());
        } catch (URISyntaxException ex) {
            throw new ConfigException("redis.url '" + s.redactedUrl() + "' is not a URL: " + ex.getReason());
        }
        boolean tls = "rediss".equalsIgnoreCase(u.getScheme());
        String host = u.getHost() == null ? "127.0.0.1" : u.getHost();
        int port = u.getPort() < 0 ? 6379 : u.getPort();
        int db = 0;
        String path = u.getPath();
        if (path != null && path.length() > 1) {
            try {
                db = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException ex) {
                throw new ConfigException("redis.url '" + s.redactedUrl() + "': the path must be a database number");
            }
        }
        if (s.database() != null) {
            db = s.database();
        }
        String user = null;
        String password = null;
        String info = u.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            String name = colon < 0 ? info : info.substring(0, colon);
            user = name.isEmpty() ? null : java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8);
            password = colon < 0 ? null : java.net.URLDecoder.decode(info.substring(colon + 1),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        return new Endpoint(host, port, db, tls, user, password);
    }
}
