package dev.llmrouter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A short run of the shared-state load client: it runs, and its figures come from a real Redis (no speed is asserted). */
@Tag("integration")
@Tag("requires-redis")
class SharedStateLoadTest {

    @Test
    void theRouterOnRedisStateAnswersAndItsRedisFiguresAreMeasured() throws Exception {
        try (RedisProcess redis = RedisProcess.start(); StubServer stub = StubServer.start(4);
             RouterRedisClient client = new RouterRedisClient(stub.baseUrl(), 2, redis.port(), 2)) {
            assertThat(client.call()).contains(StubServer.ANSWER);
            redis.resetStats();
            LoadResult r = LoadRun.run(client, 2, Duration.ZERO, Duration.ofSeconds(1));
            assertThat(r.client()).isEqualTo("llmrouter-redis");
            assertThat(r.errors()).isZero();
            assertThat(r.calls()).isPositive();
            double[] evalsha = redis.evalshaStats();
            assertThat(evalsha[0]).as("scripts ran for the calls").isGreaterThanOrEqualTo(2.0 * r.calls());
            assertThat(redis.pingMedianMicros(100)).isPositive();
            assertThat(redis.figures(r.calls())).startsWith("Redis on loopback: round trip (PING) p50 ");
        }
    }

    @Test
    void sharedVersusLocalComparesTheSameRound() {
        LoadResult local = new LoadResult("llmrouter", 1, 100, 0, 1000, 100, 0, 200, 0, 0, 0, 0);
        LoadResult shared = new LoadResult("llmrouter-redis", 1, 90, 0, 900, 250, 0, 400, 0, 0, 0, 0);
        assertThat(LoadComparison.sharedVersusLocal(List.of(local, shared)))
                .isEqualTo("shared vs local state, round 1: p50 +150.0 µs, p99 +200.0 µs, throughput 0.90x (goal >= 0.80: met)\n\n");
    }
}
