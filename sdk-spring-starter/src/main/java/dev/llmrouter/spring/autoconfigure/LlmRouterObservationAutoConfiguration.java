package dev.llmrouter.spring.autoconfigure;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.spring.observation.LlmRouterMeterBinder;
import dev.llmrouter.spring.observation.LlmRouterMetricsListener;
import dev.llmrouter.spring.observation.LlmRouterObservationListener;
import dev.llmrouter.spring.observation.ObservationTaskDecorator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Observability of the router bean: observations (spans and the GenAI operation timer) when an
 * {@link ObservationRegistry} bean exists, and the router's own meters when a
 * {@link MeterRegistry} bean exists; each part backs off when Micrometer's classes are absent.
 * Ordered after Boot's observation and metrics auto-configurations, named by string so neither is
 * needed on the class path.
 */
@AutoConfiguration(after = LlmRouterAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(LlmRouter.class)
public final class LlmRouterObservationAutoConfiguration {

    /** Observations of requests and attempts, and the observation carried onto the router's threads. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObservationRegistry.class)
    @ConditionalOnBean(ObservationRegistry.class)
    static final class ObservationConfiguration {
        @Bean
        @ConditionalOnMissingBean
        LlmRouterObservationListener llmRouterObservationListener(ObservationRegistry registry) {
            return new LlmRouterObservationListener(registry);
        }

        @Bean
        @ConditionalOnMissingBean
        ObservationTaskDecorator llmRouterObservationTaskDecorator(ObservationRegistry registry) {
            return new ObservationTaskDecorator(registry);
        }
    }

    /** Token usage, time to first chunk, attempts, retries, fallbacks, cache hits, and per-deployment gauges. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static final class MetricsConfiguration {
        @Bean
        @ConditionalOnMissingBean
        LlmRouterMetricsListener llmRouterMetricsListener(MeterRegistry registry) {
            return new LlmRouterMetricsListener(registry);
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(LlmRouter.class)
        LlmRouterMeterBinder llmRouterMeterBinder(LlmRouter router) {
            return new LlmRouterMeterBinder(router);
        }
    }
}
