package dev.llmrouter.spring.autoconfigure;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.spring.health.LlmRouterHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code llmrouter} Actuator health indicator, when spring-boot-health is on the class path and
 * {@code management.health.llmrouter.enabled} is not false. Backs off to a bean named
 * {@code llmrouterHealthIndicator} of the application's.
 */
@AutoConfiguration(after = LlmRouterAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass({LlmRouter.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(LlmRouter.class)
@ConditionalOnEnabledHealthIndicator("llmrouter")
public final class LlmRouterHealthAutoConfiguration {

    /** The indicator; its id, {@code llmrouter}, is the bean name without the HealthIndicator suffix. */
    @Bean
    @ConditionalOnMissingBean(name = "llmrouterHealthIndicator")
    LlmRouterHealthIndicator llmrouterHealthIndicator(LlmRouter router) {
        return new LlmRouterHealthIndicator(router);
    }
}
