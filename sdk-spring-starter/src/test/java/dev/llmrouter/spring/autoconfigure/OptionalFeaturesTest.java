package dev.llmrouter.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.spring.ai.LlmRouterChatModel;
import dev.llmrouter.spring.health.LlmRouterHealthIndicator;
import dev.llmrouter.spring.observation.LlmRouterMeterBinder;
import dev.llmrouter.spring.observation.LlmRouterMetricsListener;
import dev.llmrouter.spring.observation.LlmRouterObservationListener;
import dev.llmrouter.spring.observation.ObservationTaskDecorator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Each optional feature is on when its classes and beans are there, and backs off cleanly when not. */
@Tag("unit")
class OptionalFeaturesTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class,
                    LlmRouterObservationAutoConfiguration.class, LlmRouterHealthAutoConfiguration.class,
                    LlmRouterChatModelAutoConfiguration.class))
            .withPropertyValues("llmrouter.config=classpath:llmrouter/mock.yaml");

    @Test
    void healthIndicatorIsOnByDefault() {
        runner.run(ctx -> assertThat(ctx).hasSingleBean(LlmRouterHealthIndicator.class).hasBean("llmrouterHealthIndicator"));
    }

    @Test
    void healthIndicatorIsOffByProperty() {
        runner.withPropertyValues("management.health.llmrouter.enabled=false")
                .run(ctx -> assertThat(ctx).hasSingleBean(LlmRouter.class).doesNotHaveBean(LlmRouterHealthIndicator.class));
    }

    @Test
    void healthIndicatorIsOffWithAllIndicatorsOffByDefault() {
        runner.withPropertyValues("management.health.defaults.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(LlmRouterHealthIndicator.class));
    }

    @Test
    void healthIndicatorBacksOffWithoutSpringBootHealth() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(ctx -> assertThat(ctx).hasSingleBean(LlmRouter.class).doesNotHaveBean(LlmRouterHealthIndicator.class));
    }

    @Test
    void observationAndMetricsAreOffWithoutRegistries() {
        runner.run(ctx -> assertThat(ctx).doesNotHaveBean(LlmRouterObservationListener.class)
                .doesNotHaveBean(ObservationTaskDecorator.class).doesNotHaveBean(LlmRouterMetricsListener.class)
                .doesNotHaveBean(LlmRouterMeterBinder.class));
    }

    @Test
    void registriesTurnObservationAndMetricsOn() {
        runner.withBean(ObservationRegistry.class, ObservationRegistry::create)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(ctx -> assertThat(ctx).hasSingleBean(LlmRouterObservationListener.class)
                        .hasSingleBean(ObservationTaskDecorator.class).hasSingleBean(LlmRouterMetricsListener.class)
                        .hasSingleBean(LlmRouterMeterBinder.class));
    }

    @Test
    void observationBacksOffWithoutMicrometerObservation() {
        runner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(ctx -> assertThat(ctx).hasSingleBean(LlmRouter.class).doesNotHaveBean(LlmRouterObservationListener.class)
                        .hasSingleBean(LlmRouterMetricsListener.class));
    }

    @Test
    void metricsBackOffWithoutMicrometerCore() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .withBean(ObservationRegistry.class, ObservationRegistry::create)
                .run(ctx -> assertThat(ctx).hasSingleBean(LlmRouter.class).doesNotHaveBean(LlmRouterMetricsListener.class)
                        .doesNotHaveBean(LlmRouterMeterBinder.class).hasSingleBean(LlmRouterObservationListener.class));
    }

    @Test
    void theRouterIsASpringAiChatModelWhenSpringAiIsThere() {
        runner.run(ctx -> {
            assertThat(ctx).hasSingleBean(ChatModel.class);
            assertThat(ctx.getBean(ChatModel.class).call(new Prompt("hi")).getResult().getOutput().getText())
                    .isEqualTo("Hello from steady");
        });
    }

    @Test
    void chatModelBacksOffWithoutSpringAi() {
        runner.withClassLoader(new FilteredClassLoader(ChatModel.class))
                .run(ctx -> assertThat(ctx).hasSingleBean(LlmRouter.class).doesNotHaveBean(LlmRouterChatModel.class));
    }

    @Test
    void chatModelBacksOffToTheApplicationsOwn() {
        runner.withBean("ownChatModel", ChatModel.class, () -> prompt -> new ChatResponse(java.util.List.of()))
                .run(ctx -> assertThat(ctx).hasSingleBean(ChatModel.class).doesNotHaveBean(LlmRouterChatModel.class));
    }

    @Test
    void chatModelIsAddedBesideTheApplicationsOwnWhenAskedFor() {
        runner.withBean("ownChatModel", ChatModel.class, () -> prompt -> new ChatResponse(java.util.List.of()))
                .withPropertyValues("llmrouter.chat-model.enabled=true")
                .run(ctx -> assertThat(ctx.getBeansOfType(ChatModel.class)).containsOnlyKeys("ownChatModel", "llmRouterChatModel"));
    }

    @Test
    void chatModelIsOffByProperty() {
        runner.withPropertyValues("llmrouter.chat-model.enabled=false")
                .run(ctx -> assertThat(ctx).hasSingleBean(LlmRouter.class).doesNotHaveBean(ChatModel.class));
    }

    @Test
    void chatModelDefaultModelComesFromTheProperty() {
        runner.withPropertyValues("llmrouter.chat-model.model=spare").run(ctx -> assertThat(
                ctx.getBean(ChatModel.class).call(new Prompt("hi")).getResult().getOutput().getText())
                .isEqualTo("Hello from backup"));
    }
}
