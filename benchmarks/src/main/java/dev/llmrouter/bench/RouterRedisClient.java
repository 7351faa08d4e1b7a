package dev.llmrouter.bench;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.redis.RedisStateStore;
import java.util.List;
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
public final class RouterRedisClient implements BenchClient {
    private final RedisClient jedis;
    private final LlmRouter router;

    /** A router over {@code deployments} deployments at {@code baseUrl}, its state in the Redis on {@code redisPort}. */
    public RouterRedisClient(String baseUrl, int deployments, int redisPort, int threads) {
        RouterConfig config = BenchConfigs.group(List.of(baseUrl), deployments, "simple-shuffle");
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(Math.max(8, threads * 2));
        pool.setMaxIdle(Math.max(8, threads * 2));
        pool.setMaxWait(java.time.Duration.ofSeconds(1));
        this.jedis = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", redisPort))
                .clientConfig(DefaultJedisClientConfig.builder().timeoutMillis(1000).build()).poolConfig(pool).build();
        this.router = LlmRouter.builder().config(config).admissionControl(RedisStateStore.admissionControl(jedis, config))
                .build();
    }

    @Override
    public String name() {
        return "llmrouter-redis";
    }

    @Override
    public String call() {
        ChatRequest request = ChatRequest.builder().model(BenchConfigs.GROUP).user(LoadRun.PROMPT)
                .maxTokens(LoadRun.MAX_TOKENS).build();
        return router.chat(request).text();
    }

    @Override
    public void close() {
        router.close();
        jedis.close();
    }
}
