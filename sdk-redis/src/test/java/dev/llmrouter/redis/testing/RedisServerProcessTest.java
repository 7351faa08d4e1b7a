package dev.llmrouter.redis.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("requires-redis")
@Tag("integration")
class RedisServerProcessTest {

    @Test
    void startsAnswersAndKeepsAofDataAcrossKill9AndRestart() {
        try (RedisServerProcess redis = RedisServerProcess.start("--appendonly", "yes", "--appendfsync", "everysec")) {
            assertThat(redis.command("PING")).isEqualTo("+PONG");
            assertThat(redis.command("SET", "k", "v1")).isEqualTo("+OK");
            int port = redis.port();

            redis.kill9();
            assertThat(redis.running()).isFalse();
            redis.restart();

            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.command("GET", "k")).isEqualTo("v1");
            assertThat(redis.cli("INFO", "persistence")).contains("aof_enabled:1");
        }
    }

    @Test
    void closeKillsTheServerAndDeletesItsDirectory() {
        RedisServerProcess redis = RedisServerProcess.start();
        var dir = redis.dir();
        redis.close();
        assertThat(redis.running()).isFalse();
        assertThat(Files.exists(dir)).isFalse();
    }
}
