package dev.llmrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RedisSettingsTest {

    @Test
    void theBuilderStartsAtTheDefaults() {
        RedisSettings s = RedisSettings.builder("redis://h:6379").build();
        assertThat(s).isEqualTo(RedisSettings.of("redis://h:6379")).hasSameHashCodeAs(RedisSettings.of("redis://h:6379"));
        assertThat(s.keyPrefix()).isEqualTo("llmrouter:");
        assertThat(s.commandTimeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(s.onFailure()).isEqualTo(RedisSettings.OnFailure.LOCAL);
        assertThat(s.requirePersistence()).isFalse();
        assertThat(s.user()).isNull();
        assertThat(s.password()).isNull();
        assertThat(s.database()).isNull();
        assertThat(s.sentinels()).isEmpty();
        assertThat(s.clusterNodes()).isEmpty();
        assertThat(s.topology()).isEqualTo(RedisSettings.Topology.STANDALONE);
    }

    @Test
    void toBuilderKeepsEveryFieldAndEqualityCoversThem() {
        RedisSettings s = RedisSettings.builder("rediss://h:6380/2").user("app").password(Secret.of("s3cret"))
                .keyPrefix("p:").commandTimeout(Duration.ofMillis(80)).onFailure(RedisSettings.OnFailure.FAIL)
                .requirePersistence(true).database(3).sentinelMaster("mymaster").sentinels(List.of("a:26379")).build();
        assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
        assertThat(s.toBuilder().database(4).build()).isNotEqualTo(s);
        assertThat(s.toBuilder().password(Secret.of("other")).build()).isNotEqualTo(s);
        assertThat(s.topology()).isEqualTo(RedisSettings.Topology.SENTINEL);
        assertThat(s.toBuilder().clusterNodes(List.of("n:7000")).build().topology()).isEqualTo(RedisSettings.Topology.CLUSTER);
    }

    @Test
    void toStringNeverShowsThePasswordNeitherTheFieldNorTheUrls() {
        RedisSettings s = RedisSettings.builder("redis://app:urlpass@h:6379").password(Secret.of("s3cret")).build();
        assertThat(s.toString()).doesNotContain("s3cret").doesNotContain("urlpass").contains("redis://***@h:6379");
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        assertThatThrownBy(() -> RedisSettings.builder(null).build()).isInstanceOf(NullPointerException.class)
                .hasMessage("url");
        assertThatThrownBy(() -> RedisSettings.builder("redis://").keyPrefix(null).build()).hasMessage("keyPrefix");
    }
}
