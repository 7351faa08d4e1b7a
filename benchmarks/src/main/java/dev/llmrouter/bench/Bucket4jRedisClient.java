package dev.llmrouter.bench;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.jedis.cas.JedisBasedProxyManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * The peer of issue 8: raw OkHttp guarded by one Bucket4j rpm bucket shared through Redis
 * ({@code bucket4j_jdk17-jedis}, its compare-and-swap proxy manager: a GET of the bucket state, then
 * an EVAL that writes it only if unchanged, retried under contention), with the same rpm as the
 * router's deployment (never binding). A rate limiter only: no routing, circuits, leases or JSON
 * mapping, so it bounds from below what any Redis-shared rpm limit costs. Thread-safe.
 */
public final class Bucket4jRedisClient implements BenchClient {
    private final RawOkHttpClient http;
    private final RedisClient jedis;
    private final BucketProxy bucket;

    /** A client for the stub at {@code baseUrl}, its bucket in the Redis on {@code redisPort}. */
    public Bucket4jRedisClient(String baseUrl, int redisPort, int threads) {
        this.http = new RawOkHttpClient(baseUrl);
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(Math.max(8, threads * 2));
        pool.setMaxIdle(Math.max(8, threads * 2));
        pool.setMaxWait(Duration.ofSeconds(1));
        this.jedis = RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", redisPort))
                .clientConfig(DefaultJedisClientConfig.builder().timeoutMillis(1000).build()).poolConfig(pool).build();
        JedisBasedProxyManager<byte[]> proxies = JedisBasedProxyManager.builderFor(jedis)
                .withExpirationStrategy(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(60)))
                .build();
        long rpm = BenchConfigs.NEVER_BINDING.rpm();
        BucketConfiguration config = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(rpm).refillGreedy(rpm, Duration.ofMinutes(1)).build()).build();
        this.bucket = proxies.builder().build("bench:bucket4j:rpm".getBytes(StandardCharsets.UTF_8), () -> config);
    }

    @Override
    public String name() {
        return "bucket4j-redis + raw";
    }

    @Override
    public String call() {
        if (!bucket.tryConsume(1)) {
            throw new IllegalStateException("the Bucket4j rpm bucket said no (the benchmark's limit should never bind)");
        }
        return http.call();
    }

    @Override
    public void close() {
        http.close();
        jedis.close();
    }
}
