package dev.llmrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The redis: section: every field, ${VAR} in every field, the seed's spelling, and a router without llmrouter-redis. */
@Tag("unit")
class RedisSectionTest {
    private static final String HEAD = """
            providers:
              ollama: {type: ollama, base_url: "http://127.0.0.1:11434"}
            models:
              m:
                deployments:
                  - {provider: ollama, model: llama3.1:latest}
            """;

    @TempDir
    Path dir;

    private LoadResult read(String redis, Map<String, String> env) throws Exception {
        Path f = dir.resolve("router.yaml");
        Files.writeString(f, HEAD + redis);
        return ConfigLoader.read(env::get, f);
    }

    @Test
    void everyFieldTakesAVariable() throws Exception {
        Map<String, String> env = Map.ofEntries(Map.entry("R_URL", "rediss://cache.internal:6380/2"),
                Map.entry("R_USER", "router"), Map.entry("R_PW", "s3cret"), Map.entry("R_PREFIX", "prod:"),
                Map.entry("R_TIMEOUT", "80ms"), Map.entry("R_MODE", "fail"), Map.entry("R_PERSIST", "true"),
                Map.entry("R_DB", "3"), Map.entry("R_MASTER", "mymaster"), Map.entry("R_S1", "10.0.0.1:26379"));
        LoadResult r = read("""
                redis:
                  url: "${R_URL}"
                  user: "${R_USER}"
                  password: "${R_PW}"
                  key_prefix: "${R_PREFIX}"
                  command_timeout: "${R_TIMEOUT}"
                  on_redis_failure: "${R_MODE}"
                  require_persistence: "${R_PERSIST}"
                  database: "${R_DB}"
                  sentinel_master: "${R_MASTER}"
                  sentinels: ["${R_S1}", "10.0.0.2:26379"]
                """, env);

        assertThat(r.problems()).isEmpty();
        RedisSettings s = r.config().orElseThrow().redis().orElseThrow();
        assertThat(s.url()).isEqualTo("rediss://cache.internal:6380/2");
        assertThat(s.user()).isEqualTo("router");
        assertThat(s.password().reveal()).isEqualTo("s3cret");
        assertThat(s.keyPrefix()).isEqualTo("prod:");
        assertThat(s.commandTimeout()).isEqualTo(Duration.ofMillis(80));
        assertThat(s.onFailure()).isEqualTo(RedisSettings.OnFailure.FAIL);
        assertThat(s.requirePersistence()).isTrue();
        assertThat(s.database()).isEqualTo(3);
        assertThat(s.topology()).isEqualTo(RedisSettings.Topology.SENTINEL);
        assertThat(s.sentinels()).containsExactly("10.0.0.1:26379", "10.0.0.2:26379");
        assertThat(s.toString()).doesNotContain("s3cret");
    }

    @Test
    void defaultsAreFiftyMillisecondsLocalAndTheLlmrouterPrefix() throws Exception {
        RedisSettings s = read("redis: {url: \"redis://127.0.0.1:6379\"}\n", Map.of()).config().orElseThrow()
                .redis().orElseThrow();
        assertThat(s.commandTimeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(s.onFailure()).isEqualTo(RedisSettings.OnFailure.LOCAL);
        assertThat(s.keyPrefix()).isEqualTo("llmrouter:");
        assertThat(s.topology()).isEqualTo(RedisSettings.Topology.STANDALONE);
        assertThat(s.requirePersistence()).isFalse();
    }

    @Test
    void theSeedSpellingIsAccepted() throws Exception {
        LoadResult r = read("""
                redis:
                  redis_host: 10.1.2.3
                  redis_port: 6380
                  redis_password: "${REDIS_PASSWORD}"
                """, Map.of("REDIS_PASSWORD", "pw"));
        RedisSettings s = r.config().orElseThrow().redis().orElseThrow();
        assertThat(s.url()).isEqualTo("redis://10.1.2.3:6380");
        assertThat(s.password().reveal()).isEqualTo("pw");
    }

    @Test
    void clusterNodesMakeACluster() throws Exception {
        RedisSettings s = read("redis: {cluster_nodes: [\"127.0.0.1:7001\", \"127.0.0.1:7002\"]}\n", Map.of())
                .config().orElseThrow().redis().orElseThrow();
        assertThat(s.topology()).isEqualTo(RedisSettings.Topology.CLUSTER);
        assertThat(s.clusterNodes()).containsExactly("127.0.0.1:7001", "127.0.0.1:7002");
    }

    @Test
    void badTopologiesAreReportedWithWhereAndHow() throws Exception {
        LoadResult r = read("""
                redis:
                  url: "redis://127.0.0.1:6379"
                  sentinels: ["nohostport"]
                  cluster_nodes: ["127.0.0.1:7001"]
                  database: 2
                  on_failure: local
                  on_redis_failure: fail
                """, Map.of());
        List<String> problems = r.problems().stream().map(ConfigProblem::format).toList();
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("sentinels are listed but sentinel_master is not set"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("'nohostport' is not host:port"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("redis sets both sentinels and cluster_nodes"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("Redis Cluster has only database 0"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("both on_failure and on_redis_failure"));
    }

    @Test
    void aRedisSectionWithoutLlmrouterRedisOnTheClasspathNamesTheArtifact() throws Exception {
        Path f = dir.resolve("router.yaml");
        Files.writeString(f, HEAD + "redis: {url: \"redis://127.0.0.1:6379\"}\n");
        assertThatThrownBy(() -> LlmRouter.fromYaml(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("dev.llmrouter:llmrouter-redis")
                .hasMessageContaining("redis: section");
    }
}
