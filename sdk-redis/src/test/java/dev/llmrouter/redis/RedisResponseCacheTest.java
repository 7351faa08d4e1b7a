package dev.llmrouter.redis;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.api.Role;
import dev.llmrouter.api.Usage;
import dev.llmrouter.config.CacheSettings;
import dev.llmrouter.redis.testing.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

/** The response cache on a real redis-server: entries, TTL, size bound, namespacing, bad values, outages, wiring. */
@Tag("requires-redis")
@Tag("integration")
class RedisResponseCacheTest {
    private static final ChatResponse ANSWER = ChatResponse.builder().id("c1").model("m")
            .message(ChatMessage.builder(Role.ASSISTANT).text("hello").build()).finishReason(FinishReason.STOP)
            .rawFinishReason("stop").usage(Usage.of(3, 2)).build();

    @TempDir
    Path dir;
    private RedisServerProcess redis;
    private RedisClient jedis;

    @BeforeEach
    void start() {
        redis = RedisServerProcess.start();
        jedis = RedisClient.builder().hostAndPort("127.0.0.1", redis.port())
                .clientConfig(DefaultJedisClientConfig.builder().resp2().timeoutMillis(200).build()).build();
    }

    @AfterEach
    void stop() {
        jedis.close();
        redis.close();
    }

    private RedisResponseCache cache(String prefix, Duration ttl, long max) {
        return new RedisResponseCache(jedis, new RedisKeys(prefix), CacheSettings.builder().enabled(true).ttl(ttl)
                .maxEntries(max).build(), "test redis");
    }

    private static ChatRequest ask(String text) {
        return ChatRequest.builder().model("g").user(text).maxTokens(16).build();
    }

    @Test
    void anAnswerIsStoredUnderTheGroupWithItsTtlAndFoundAgainWhateverTheOptions() {
        RedisResponseCache c = cache("t:", Duration.ofMinutes(5), 100);
        assertThat(c.get("g", ask("hi"))).isEmpty();

        c.put("g", ask("hi"), ANSWER);

        assertThat(c.get("g", ask("hi").toBuilder().model("alias").metadata(Map.of("u", "1"))
                .options(RequestOptions.builder().cache(true).build()).build())).contains(ANSWER);
        assertThat(c.get("other-group", ask("hi"))).isEmpty();
        assertThat(c.get("g", ask("hello"))).isEmpty();
        String key = c.key("g", ask("hi"));
        assertThat(key).matches("t:\\{cache}:v1:g:[0-9a-f]{64}");
        long pttl = Long.parseLong(redis.command("PTTL", key).substring(1));
        assertThat(pttl).isBetween(1L, 300_000L).isGreaterThan(290_000L);
        assertThat(redis.command("ZCARD", "t:{cache}:index")).isEqualTo(":1");
        assertThat(c.stats()).isEqualTo(new RedisResponseCache.Stats(1, 3, 0, 0, 0));
    }

    @Test
    void theOldestEntriesGoWhenMaxEntriesIsReached() {
        RedisResponseCache c = cache("t:", Duration.ofMinutes(5), 3);
        for (int i = 0; i < 5; i++) {
            c.put("g", ask("q" + i), ANSWER);
        }
        assertThat(c.get("g", ask("q0"))).isEmpty();
        assertThat(c.get("g", ask("q1"))).isEmpty();
        for (int i = 2; i < 5; i++) {
            assertThat(c.get("g", ask("q" + i))).contains(ANSWER);
        }
        assertThat(redis.command("ZCARD", "t:{cache}:index")).isEqualTo(":3");
        assertThat(redis.command("DBSIZE")).isEqualTo(":4");
        assertThat(c.stats().evicted()).isEqualTo(2);
    }

    @Test
    void twoPrefixesAreTwoCaches() {
        RedisResponseCache a = cache("a:", Duration.ofMinutes(5), 10);
        RedisResponseCache b = cache("b:", Duration.ofMinutes(5), 10);
        a.put("g", ask("hi"), ANSWER);
        assertThat(b.get("g", ask("hi"))).isEmpty();
        assertThat(a.get("g", ask("hi"))).contains(ANSWER);
        assertThat(redis.cli("--scan", "--pattern", "b:*")).isBlank();
    }

    @Test
    void anUnreadableValueIsAMissIsCountedAndDeletedAndTheNextAnswerReplacesIt() {
        RedisResponseCache c = cache("t:", Duration.ofMinutes(5), 10);
        String key = c.key("g", ask("hi"));
        redis.command("SET", key, "{\"format\":\"v1\",\"id\":");
        assertThat(c.get("g", ask("hi"))).isEmpty();
        assertThat(redis.command("EXISTS", key)).isEqualTo(":0");

        redis.command("RPUSH", key, "not", "a", "string");
        assertThat(c.get("g", ask("hi"))).isEmpty();
        assertThat(redis.command("EXISTS", key)).isEqualTo(":0");
        assertThat(c.stats().unreadable()).isEqualTo(2);

        c.put("g", ask("hi"), ANSWER);
        assertThat(c.get("g", ask("hi"))).contains(ANSWER);
    }

    @Test
    void anIndexOfTheWrongTypeSkipsTheStoreWithoutFailingTheCall() {
        RedisResponseCache c = cache("t:", Duration.ofMinutes(5), 10);
        redis.command("SET", "t:{cache}:index", "x");
        c.put("g", ask("hi"), ANSWER);
        assertThat(c.get("g", ask("hi"))).isEmpty();
        assertThat(redis.command("GET", "t:{cache}:index")).isEqualTo("x");
    }

    @Test
    void whileRedisIsDownLookupsMissAndStoresAreSkippedThenItIsUsedAgain() throws Exception {
        RedisResponseCache c = cache("t:", Duration.ofMinutes(5), 10);
        redis.kill9();
        for (int i = 0; i < 5; i++) {
            assertThat(c.get("g", ask("hi"))).isEmpty();
            c.put("g", ask("hi"), ANSWER);
        }
        assertThat(c.stats().unavailable()).isEqualTo(10);
        assertThat(c.unavailable()).isTrue();

        redis.restart();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (c.unavailable() && System.nanoTime() < deadline) {
            c.put("g", ask("hi"), ANSWER);
            Thread.sleep(100);
        }
        assertThat(c.get("g", ask("hi"))).contains(ANSWER);
    }

    @Test
    void routersBuiltFromYamlShareTheCacheThroughRedis() throws Exception {
        WireMockServer wm = new WireMockServer(wireMockConfig().dynamicPort());
        wm.start();
        try {
            wm.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody("""
                            {"id":"c1","object":"chat.completion","model":"m","choices":[{"index":0,
                            "message":{"role":"assistant","content":"hello"},"finish_reason":"stop"}],
                            "usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}""")));
            Path f = dir.resolve("router.yaml");
            Files.writeString(f, """
                    providers:
                      wm: {type: openai_compatible, base_url: "http://127.0.0.1:%d/v1"}
                    models:
                      g:
                        cache: true
                        deployments:
                          - {provider: wm, model: m}
                    cache: {enabled: true, ttl: 1m, max_entries: 50}
                    redis:
                      url: "redis://127.0.0.1:%d"
                      key_prefix: "yaml:"
                    """.formatted(wm.port(), redis.port()));
            try (LlmRouter a = LlmRouter.fromYaml(f); LlmRouter b = LlmRouter.fromYaml(f)) {
                ChatResponse first = a.chat(ask("hi"));
                ChatResponse second = b.chat(ask("hi"));
                assertThat(first.route().cacheHit()).isFalse();
                assertThat(second.route().cacheHit()).isTrue();
                assertThat(second.text()).isEqualTo("hello");
                assertThat(second.usage()).isEqualTo(first.usage());
            }
            assertThat(wm.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).hasSize(1);
            assertThat(redis.command("ZCARD", "yaml:{cache}:index")).isEqualTo(":1");
        } finally {
            wm.stop();
        }
    }
}
