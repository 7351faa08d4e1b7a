package dev.llmrouter.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration metadata the annotation processor generates: every key of
 * {@link LlmRouterProperties} (nested records included; map values are described by hints) is
 * listed with a description, so an IDE completes and explains each one.
 */
@Tag("unit")
class ConfigurationMetadataTest {

    @Test
    void everyKeyIsListedWithADescription() throws IOException {
        JsonNode metadata;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata on the class path").isNotNull();
            metadata = JsonMapper.shared().readTree(in);
        }
        Map<String, String> described = new TreeMap<>();
        for (JsonNode p : metadata.get("properties")) {
            described.put(p.get("name").asString(), p.path("description").asString(""));
        }
        TreeSet<String> expected = new TreeSet<>();
        keys(LlmRouterProperties.class, "llmrouter", expected);
        expected.add("management.health.llmrouter.enabled");

        assertThat(described.keySet()).containsAll(expected);
        assertThat(expected).allSatisfy(k -> assertThat(described.get(k)).as(k).isNotBlank());
        assertThat(described).containsEntry("llmrouter.redis.url",
                "redis:// or rediss:// URL (rediss for TLS), with an optional /database");
    }

    private static void keys(Class<?> type, String prefix, TreeSet<String> out) {
        for (RecordComponent c : type.getRecordComponents()) {
            String name = prefix + "." + InlineConfigWriter.kebab(c.getName());
            if (c.getType().isRecord()) {
                keys(c.getType(), name, out);
            } else {
                out.add(name);
            }
        }
    }
}
