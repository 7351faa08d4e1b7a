package dev.llmrouter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.ConfigProblem;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.LoadResult;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.config.Timeouts;
import dev.llmrouter.spi.provider.ProviderType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Each configuration warning is reported once: by the loader with its file:line, or by build() for a Java config. */
@Tag("unit")
class ConfigWarningsOnceTest {
    private static final String YAML = """
            providers:
              m: {type: mock}
            models:
              g: {deployments: [{provider: m, model: x}]}
            router_settings: {timeouts: {attempt: 90s}}
            """;

    @Test
    void aLoadedConfigurationsWarningsAreNotReportedAgainWhenTheRouterIsBuilt() {
        LoadResult loaded = ConfigLoader.readString(YAML, "router.yaml", Map.<String, String>of()::get);
        assertThat(loaded.warnings()).singleElement()
                .satisfies(w -> assertThat(w.format()).startsWith("router.yaml:5:"));
        RouterConfig config = loaded.config().orElseThrow();

        assertThat(LlmRouter.Builder.validate(config)).isEmpty();
        try (LlmRouter r = LlmRouter.builder().config(config).build()) {
            assertThat(r.models()).containsExactly("g");
        }
    }

    @Test
    void aConfigurationBuiltInJavaHasItsWarningsReportedWhenTheRouterIsBuilt() {
        RouterConfig config = RouterConfig.builder().provider(ProviderConfig.builder("m", ProviderType.MOCK).build())
                .model("g", DeploymentConfig.of("m", "x"))
                .routerSettings(RouterSettings.builder().timeouts(new Timeouts(Duration.ofSeconds(90), Duration.ofSeconds(60),
                        Duration.ofSeconds(120), Duration.ofSeconds(30), Duration.ofSeconds(300))).build())
                .build();

        List<ConfigProblem> warnings = LlmRouter.Builder.validate(config);
        assertThat(warnings).singleElement().satisfies(w -> assertThat(w.format()).startsWith("<java>:0:0: warning:"));
    }
}
