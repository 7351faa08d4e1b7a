package dev.llmrouter.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ConfigException;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.ConfigProblem;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.config.Timeouts;
import dev.llmrouter.spi.provider.ProviderType;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, defect 7: an attempt timeout of 300 years or an overall timeout of
 * {@code Long.MAX_VALUE / 2} seconds threw {@link ArithmeticException} inside the router (leaking
 * the admission). They are refused where they are written, with a clear message.
 */
@Tag("unit")
class DurationsThatWouldOverflowAreRejectedTest {

    @Test
    void aPerRequestTimeoutOfCenturiesIsRefusedWhenTheOptionsAreBuilt() {
        assertThatThrownBy(() -> RequestOptions.builder().attemptTimeout(Duration.ofDays(365L * 300)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attemptTimeout must be at most 30 days, got PT2628000H");
        assertThat(RequestOptions.builder().overallTimeout(Timeouts.MAXIMUM).build().overallTimeout()).contains(Timeouts.MAXIMUM);
    }

    @Test
    void aConfiguredTimeoutOfCenturiesIsAConfigurationError() {
        Timeouts t = new Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120),
                Duration.ofSeconds(30), Duration.ofSeconds(Long.MAX_VALUE / 2));
        RouterConfig config = RouterConfig.builder().provider(ProviderConfig.builder("m", ProviderType.MOCK).build())
                .model("g", DeploymentConfig.of("m", "x")).routerSettings(RouterSettings.builder().timeouts(t).build()).build();

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> LlmRouter.builder().config(config).build());
        assertThat(e.problems()).anyMatch(p -> p.contains("the overall timeout must be at most 720h (30 days)"));
    }

    @Test
    void aYamlTimeoutOfCenturiesIsReportedWithItsPlace() {
        String yaml = "providers:\n  m:\n    type: mock\nmodels:\n  g:\n    deployments:\n      - {provider: m, model: x}\n"
                + "router_settings:\n  timeouts:\n    attempt: 100000h\n";
        assertThat(ConfigLoader.readString(yaml, "t.yaml", k -> null).errors()).extracting(ConfigProblem::format)
                .containsExactly("t.yaml:10:14: error: the attempt timeout must be at most 720h (30 days), got 100000h (a deadline"
                        + " that long would overflow the clock arithmetic; a timeout is at most 30 days)");
    }
}
