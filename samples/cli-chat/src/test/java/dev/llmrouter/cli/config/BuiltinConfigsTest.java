package dev.llmrouter.cli.config;

import dev.llmrouter.cli.UsageException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Tag("unit")
class BuiltinConfigsTest {
    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String yaml) {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    }

    @Test
    @SuppressWarnings("unchecked")
    void defaultTargetsLocalServersOnTheirUsualPortsAndNoCloudWithoutKeys() {
        Map<String, Object> root = parse(BuiltinConfigs.localDefault(Map.of()));
        Map<String, Map<String, Object>> providers = (Map<String, Map<String, Object>>) root.get("providers");
        assertThat(providers).containsOnlyKeys("ollama", "vllm", "llama-cpp");
        assertThat(providers.get("ollama").get("base_url")).isEqualTo("http://127.0.0.1:11434");
        assertThat(providers.get("vllm").get("base_url")).isEqualTo("http://127.0.0.1:8000");
        assertThat(providers.get("llama-cpp").get("base_url")).isEqualTo("http://127.0.0.1:8080");
        assertThat((Map<String, Object>) root.get("models")).containsOnlyKeys("local");
        assertThat(root.get("aliases")).isEqualTo(Map.of("default", "local"));
        assertThat((Map<String, Object>) root.get("fallbacks")).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCloudProviderJoinsOnlyWhenItsKeyVariableIsSet() {
        Map<String, Object> root = parse(BuiltinConfigs.localDefault(Map.of("DEEPSEEK_API_KEY", "sk-x", "OPENAI_API_KEY", " ")));
        assertThat((Map<String, Object>) root.get("providers")).containsKey("deepseek").doesNotContainKey("openai");
        assertThat((Map<String, Object>) root.get("models")).containsOnlyKeys("local", "deepseek-chat");
        assertThat(root.get("fallbacks")).isEqualTo(Map.of("local", List.of("deepseek-chat")));
        assertThat(BuiltinConfigs.localDefault(Map.of("DEEPSEEK_API_KEY", "sk-x"))).doesNotContain("sk-x");
    }

    @Test
    void demoIsTheSameAsTheSampleFile() throws IOException {
        Path sample = Path.of("..", "config", "demo.yaml");
        assertThat(Files.readString(sample)).isEqualTo(BuiltinConfigs.demo());
    }

    @Test
    void resolutionOrderIsDemoThenFlagThenEnvironmentThenLocalFileThenDefault() throws IOException {
        Path a = Files.writeString(dir.resolve("a.yaml"), "providers: {}\n");
        Path b = Files.writeString(dir.resolve("b.yaml"), "models: {}\n");
        assertThat(ConfigResolver.resolve(true, List.of(), Map.of(), dir).description()).isEqualTo(BuiltinConfigs.DEMO_NAME);
        assertThat(ConfigResolver.resolve(false, List.of("a.yaml", "b.yaml"), Map.of("LLMROUTER_CONFIG", "x"), dir).files())
                .containsExactly(a, b);
        assertThat(ConfigResolver.resolve(false, List.of(), Map.of("LLMROUTER_CONFIG", a + java.io.File.pathSeparator + b), dir)
                .files()).containsExactly(a, b);
        assertThat(ConfigResolver.resolve(false, List.of(), Map.of(), dir).builtIn()).isTrue();
        Path local = Files.writeString(dir.resolve("router.yaml"), "providers: {}\n");
        assertThat(ConfigResolver.resolve(false, List.of(), Map.of(), dir).files()).containsExactly(local);
    }

    @Test
    void missingFilesAndDemoWithConfigAreUsageErrors() {
        assertThatThrownBy(() -> ConfigResolver.resolve(false, List.of("nope.yaml"), Map.of(), dir))
                .isInstanceOf(UsageException.class).hasMessage("--config: no such file: nope.yaml");
        assertThatThrownBy(() -> ConfigResolver.resolve(false, List.of(), Map.of("LLMROUTER_CONFIG", "gone.yaml"), dir))
                .isInstanceOf(UsageException.class).hasMessage("$LLMROUTER_CONFIG: no such file: gone.yaml");
        assertThatThrownBy(() -> ConfigResolver.resolve(true, List.of("a.yaml"), Map.of(), dir))
                .isInstanceOf(UsageException.class).hasMessageContaining("--demo");
    }
}
