package dev.llmrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Documents held in memory are merged in order and each problem names its own document. */
@Tag("unit")
class ConfigLoaderReadStringsTest {

    @Test
    void documentsMergeInOrderAndProblemsNameTheirDocument() {
        Map<String, String> docs = new LinkedHashMap<>();
        docs.put("classpath:providers.yaml", "providers:\n  p: {type: mock, mock: {response: hi}}\n");
        docs.put("classpath:models.yaml", "models:\n  g:\n    deployments:\n      - {provider: q, model: m}\n");
        LoadResult r = ConfigLoader.readStrings(docs, name -> null);
        assertThat(r.hasErrors()).isTrue();
        assertThat(r.errors()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("classpath:models.yaml");
            assertThat(p.line()).isEqualTo(4);
        });
        docs.put("classpath:models.yaml", "models:\n  g:\n    deployments:\n      - {provider: p, model: m}\n");
        assertThat(ConfigLoader.readStrings(docs, name -> null).config().orElseThrow().models()).containsOnlyKeys("g");
    }

    @Test
    void noDocumentIsAnError() {
        assertThatThrownBy(() -> ConfigLoader.readStrings(Map.of(), name -> null)).isInstanceOf(IllegalArgumentException.class);
    }
}
