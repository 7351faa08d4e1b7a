package dev.llmrouter.internal.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.config.CacheSettings;
import dev.llmrouter.spi.state.ResponseCache;
import java.util.Map;
import java.util.Optional;

/**
 * The in-memory response cache: Caffeine, bounded by {@code max_entries}, entries expire
 * {@code ttl} after they are written. The key is the group and the request with its model set to
 * the group and its options and metadata dropped, so an alias and its group share entries.
 * Thread-safe.
 */
public final class CaffeineResponseCache implements ResponseCache {
    private final Cache<Key, ChatResponse> cache;

    private record Key(String group, ChatRequest request) {
    }

    /** A cache with the given size and time-to-live. */
    public CaffeineResponseCache(CacheSettings settings) {
        this.cache = Caffeine.newBuilder().maximumSize(settings.maxEntries()).expireAfterWrite(settings.ttl()).build();
    }

    @Override
    public Optional<ChatResponse> get(String group, ChatRequest request) {
        return Optional.ofNullable(cache.getIfPresent(key(group, request)));
    }

    @Override
    public void put(String group, ChatRequest request, ChatResponse response) {
        cache.put(key(group, request), response);
    }

    private static Key key(String group, ChatRequest request) {
        return new Key(group, request.toBuilder().model(group).options(RequestOptions.DEFAULTS).metadata(Map.of()).build());
    }
}
