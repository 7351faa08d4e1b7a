package dev.llmrouter.redis;

import dev.failsafe.CircuitBreaker;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.config.CacheSettings;
import dev.llmrouter.internal.cache.CacheCodec;
import dev.llmrouter.spi.state.ResponseCache;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The response cache on Redis, shared by every JVM of the router: one {@code GET} per lookup, one
 * script per store ({@code SET ... PX ttl}, then the oldest entries beyond {@code max_entries} are
 * evicted). Keys are {@code PREFIX{cache}:v1:GROUP:SHA256(request)} (see {@link RedisKeys}); the
 * request part is {@link CacheCodec#requestKey}, so an alias and its group, and requests that differ
 * only in options or metadata, share entries, as in the in-memory cache.
 *
 * <p>A cache never fails a call: when Redis is unreachable or slower than the command timeout, a
 * lookup is a miss and a store is skipped; the first failure of an outage is logged as a warning,
 * and after three in a row Redis is left alone for a second (so a dead Redis costs one command
 * timeout per second, not one per request). A value that cannot be read (corrupt, truncated, a key
 * of another type, another layout) is a miss too: it is logged with its key and deleted, and the
 * next answer replaces it. {@link #stats()} counts all of these. Thread-safe; the client is owned by
 * whoever created it.
 */
public final class RedisResponseCache implements ResponseCache {
    private static final Logger LOG = LoggerFactory.getLogger(RedisResponseCache.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);
    private static final long SLACK_MS = 1_000;

    private final UnifiedJedis jedis;
    private final RedisKeys keys;
    private final RedisScripts.Script put;
    private final String ttlMs;
    private final String maxEntries;
    private final String where;
    private final CircuitBreaker<Object> breaker;
    private final AtomicBoolean outage = new AtomicBoolean();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder unreadable = new LongAdder();
    private final LongAdder unavailable = new LongAdder();
    private final LongAdder evicted = new LongAdder();

    /**
     * @param jedis the client; not closed by this class
     * @param keys the key layout (its prefix namespaces the cache)
     * @param settings the {@code cache:} section: time-to-live and the most entries kept
     * @param where a description of the Redis endpoint without secrets, for logs
     * @throws IllegalArgumentException when the ttl is under a millisecond or max entries under 1
     */
    public RedisResponseCache(UnifiedJedis jedis, RedisKeys keys, CacheSettings settings, String where) {
        this.jedis = Objects.requireNonNull(jedis, "jedis");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.where = Objects.requireNonNull(where, "where");
        long ttl = settings.ttl().toMillis();
        if (ttl < 1) {
            throw new IllegalArgumentException("cache.ttl must be at least 1 ms for the Redis cache, got " + settings.ttl());
        }
        if (settings.maxEntries() < 1) {
            throw new IllegalArgumentException("cache.max_entries must be at least 1, got " + settings.maxEntries());
        }
        this.ttlMs = Long.toString(ttl);
        this.maxEntries = Long.toString(settings.maxEntries());
        this.put = new RedisScripts().cachePut;
        this.breaker = CircuitBreaker.builder().withFailureThreshold(3).withSuccessThreshold(1).withDelay(RETRY_DELAY)
                .build();
    }

    @Override
    public Optional<ChatResponse> get(String group, ChatRequest request) {
        if (!breaker.tryAcquirePermit()) {
            unavailable.increment();
            misses.increment();
            return Optional.empty();
        }
        String key = key(group, request);
        String value;
        try {
            value = jedis.get(key);
            succeeded();
        } catch (RuntimeException e) {
            if (!failed("GET " + key, e)) {
                unreadable(key, "it is not a string (" + e.getMessage() + ")");
            }
            misses.increment();
            return Optional.empty();
        }
        if (value == null) {
            misses.increment();
            return Optional.empty();
        }
        try {
            ChatResponse r = CacheCodec.decodeResponse(value);
            hits.increment();
            return Optional.of(r);
        } catch (IllegalArgumentException e) {
            unreadable(key, e.getMessage());
            misses.increment();
            return Optional.empty();
        }
    }

    @Override
    public void put(String group, ChatRequest request, ChatResponse response) {
        if (!breaker.tryAcquirePermit()) {
            unavailable.increment();
            return;
        }
        String key = key(group, request);
        String value = CacheCodec.encodeResponse(response);
        try {
            Object n = RedisScripts.run(jedis, put, List.of(key, keys.cacheIndex()),
                    List.of(value, ttlMs, maxEntries, Long.toString(SLACK_MS)));
            succeeded();
            if (n instanceof Long l) {
                evicted.add(l);
            }
        } catch (RuntimeException e) {
            if (!failed("the cache_put script on " + key, e)) {
                LOG.warn("response cache on Redis ({}): storing {} failed: {}; the answer is not cached", where, key,
                        e.getMessage());
            }
        }
    }

    /** What the cache has done since it was created. */
    public Stats stats() {
        return new Stats(hits.sum(), misses.sum(), unreadable.sum(), unavailable.sum(), evicted.sum());
    }

    /** True while Redis is considered away (lookups miss, stores are skipped). */
    public boolean unavailable() {
        return !breaker.isClosed();
    }

    /**
     * Counters of a {@link RedisResponseCache}.
     *
     * @param hits lookups answered from Redis
     * @param misses lookups not answered (absent, unreadable or Redis away)
     * @param unreadable values that could not be read (logged, deleted, counted as misses)
     * @param unavailable lookups and stores skipped or failed because Redis was away
     * @param evicted entries removed to stay within max_entries
     */
    public record Stats(long hits, long misses, long unreadable, long unavailable, long evicted) {
    }

    /** The Redis key of a request's entry in {@code group}. */
    String key(String group, ChatRequest request) {
        return keys.cacheEntry(CacheCodec.FORMAT, group, sha256(CacheCodec.requestKey(request)));
    }

    private void unreadable(String key, String problem) {
        unreadable.increment();
        LOG.warn("response cache on Redis ({}): the entry {} cannot be read, so it is a miss and is deleted: {}", where,
                key, problem);
        try {
            jedis.del(key);
        } catch (RuntimeException e) {
            LOG.debug("deleting the unreadable cache entry {} failed", key, e);
        }
    }

    /** Records a failure; true when it was an outage (logged once per outage), false for any other error. */
    private boolean failed(String command, RuntimeException e) {
        RedisStateException r = RedisStateException.of(command, e);
        if (!r.unreachable()) {
            breaker.recordSuccess();
            return false;
        }
        unavailable.increment();
        breaker.recordFailure();
        if (outage.compareAndSet(false, true)) {
            LOG.warn("response cache on Redis ({}) is unavailable: {}; lookups miss and answers are not cached until it"
                    + " is back", where, r.getMessage());
        }
        return true;
    }

    private void succeeded() {
        breaker.recordSuccess();
        if (outage.compareAndSet(true, false)) {
            LOG.info("response cache on Redis ({}) is back", where);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
