package dev.llmrouter.bench;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.redis.RedisStateStore;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * {@link RouterClient}'s router with its circuits, rate limits and concurrency shared through Redis
 * ({@code llmrouter-redis}, one script before and one after each attempt) instead of kept in the
 * JVM: the same configuration, the same stub. The client's pool has a connection per calling
 * thread and waits at most a second for one. Thread-safe.
 */
public final class RouterRedisClient extends RouterClient {
    private final RedisClient jedis;

    /** A router over {@code deployments} deployments at {@code baseUrl}, its state in the Redis on {@code redisPort}. */
    public RouterRedisClient(String baseUrl, int deployments, int redisPort, int threads) {
        this(config(baseUrl, deployments), jedis(redisPort, threads));
    }

    private RouterRedisClient(RouterConfig config, RedisClient jedis) {
        super(LlmRouter.builder().config(config).admissionControl(RedisStateStore.admissionControl(jedis, config)).build(),
                "llmrouter-redis");
        this.jedis = jedis;
    }

    private static RedisClient jedis(int redisPort, int threads) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(Math.max(8, threads * 2));
        pool.setMaxIdle(Math.max(8, threads * 2));
        pool.setMaxWait(java.time.Duration.ofSeconds(1));
        return RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", redisPort))
                .clientConfig(DefaultJedisClientConfig.builder().timeoutMillis(1000).build()).poolConfig(pool).build();
    }

    @Override
    public void close() {
        super.close();
        jedis.close();
    }
}
