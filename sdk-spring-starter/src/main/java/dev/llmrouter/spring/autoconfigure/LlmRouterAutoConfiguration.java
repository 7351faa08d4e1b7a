package dev.llmrouter.spring.autoconfigure;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.spi.routing.RoutingStrategy;
import dev.llmrouter.spring.CompositeRouterListener;
import dev.llmrouter.spring.LlmRouterCustomizer;
import dev.llmrouter.spring.LlmRouterExecutor;
import dev.llmrouter.spring.LlmRouterTaskDecorator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * The router bean from {@code llmrouter.*} ({@link LlmRouterProperties}). Every bean backs off
 * when the application defines its own of the same type: a {@link RouterConfig} (configuration
 * built in code), an {@link LlmRouterExecutor}, or the {@link LlmRouter} itself. The application's
 * {@link RouterListener} beans receive the router's events, its {@link RoutingStrategy} beans are
 * registered under their bean names ({@code routing_strategy: custom:NAME}), and its
 * {@link ProviderAdapter} beans replace the adapter of the provider named like the bean.
 */
@AutoConfiguration
@ConditionalOnClass(LlmRouter.class)
@EnableConfigurationProperties(LlmRouterProperties.class)
public final class LlmRouterAutoConfiguration {

    /** The configuration read from {@code llmrouter.config} or the inline tree. */
    @Bean
    @ConditionalOnMissingBean({RouterConfig.class, LlmRouter.class})
    RouterConfig llmRouterConfig(LlmRouterProperties properties, Environment environment, ResourceLoader resources) {
        return RouterConfigFactory.create(properties, environment, resources);
    }

    /** The router's threads: virtual with {@code spring.threads.virtual.enabled=true} on Java 21+. */
    @Bean
    @ConditionalOnMissingBean({LlmRouterExecutor.class, LlmRouter.class})
    LlmRouterExecutor llmRouterExecutor(Environment environment, ObjectProvider<LlmRouterTaskDecorator> decorators) {
        ExecutorService threads = Threading.VIRTUAL.isActive(environment) ? virtualThreads() : platformThreads();
        return new LlmRouterExecutor(threads, decorators.orderedStream().toList());
    }

    /** The router, closed with the context (after the requests in flight are ended). */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    LlmRouter llmRouter(RouterConfig config, LlmRouterExecutor executor, ObjectProvider<RouterListener> listeners,
                        ObjectProvider<LlmRouterCustomizer> customizers, ListableBeanFactory beans) {
        LlmRouter.Builder builder = LlmRouter.builder().config(config).executor(executor.executorService())
                .listener(CompositeRouterListener.of(listeners.orderedStream().toList()));
        beans.getBeansOfType(RoutingStrategy.class).forEach(builder::strategy);
        beans.getBeansOfType(ProviderAdapter.class).forEach(builder::adapter);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    private static ExecutorService platformThreads() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "llmrouter-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** One new virtual thread per task; reached reflectively because the library is compiled for Java 17. */
    private static ExecutorService virtualThreads() {
        ThreadFactory factory = new VirtualThreadTaskExecutor("llmrouter-").getVirtualThreadFactory();
        try {
            return (ExecutorService) Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                    .invoke(null, factory);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need Java 21 or later", e);
        }
    }
}
