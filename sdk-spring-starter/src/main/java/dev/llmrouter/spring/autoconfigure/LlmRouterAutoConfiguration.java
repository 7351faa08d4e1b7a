package dev.llmrouter.spring.autoconfigure;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.TimeSource;
import dev.llmrouter.api.ConfigException;
import dev.llmrouter.config.RedisSettings;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.redis.FallbackAdmissionControl;
import dev.llmrouter.redis.RedisStateStore;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.spi.routing.RoutingStrategy;
import dev.llmrouter.spi.state.SharedState;
import dev.llmrouter.spring.CompositeRouterListener;
import dev.llmrouter.spring.LlmRouterCustomizer;
import dev.llmrouter.spring.LlmRouterExecutor;
import dev.llmrouter.spring.LlmRouterSharedState;
import dev.llmrouter.spring.LlmRouterTaskDecorator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * The router bean from {@code llmrouter.*} ({@link LlmRouterProperties}). Every bean backs off
 * when the application defines its own of the same type: a {@link RouterConfig} (configuration
 * built in code), an {@link LlmRouterExecutor}, or the {@link LlmRouter} itself. The application's
 * {@link RouterListener} beans receive the router's events, its {@link RoutingStrategy} beans are
 * registered under their bean names ({@code routing_strategy: custom:NAME}), and its
 * {@link ProviderAdapter} beans replace the adapter of the provider named like the bean. With
 * llmrouter-redis on the class path and Redis settings in the configuration, circuits, rate limits
 * and concurrency are shared through Redis ({@link LlmRouterSharedState}).
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

    /**
     * The router, closed with the context (after the requests in flight are ended), before the
     * shared state it uses.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    LlmRouter llmRouter(RouterConfig config, LlmRouterExecutor executor, ObjectProvider<RouterListener> listeners,
                        ObjectProvider<LlmRouterSharedState> sharedState,
                        ObjectProvider<LlmRouterCustomizer> customizers, ListableBeanFactory beans) {
        LlmRouter.Builder builder = LlmRouter.builder().config(config).executor(executor.executorService())
                .listener(CompositeRouterListener.of(listeners.orderedStream().toList()));
        sharedState.ifUnique(s -> {
            builder.admissionControl(s.admission());
            s.responseCache().ifPresent(builder::responseCache);
        });
        beans.getBeansOfType(RoutingStrategy.class).forEach(builder::strategy);
        beans.getBeansOfType(ProviderAdapter.class).forEach(builder::adapter);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /**
     * Redis shared state, when llmrouter-redis is on the class path and the configuration has a
     * {@code redis:} section or {@code llmrouter.redis.*} is set. Without either, nothing is
     * opened and the router keeps its state in this JVM.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RedisStateStore.class)
    @Conditional(OnRedisSettingsCondition.class)
    static final class RedisStateConfiguration {

        /** The store, opened (connected and checked) at startup and closed after the router. */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean({LlmRouterSharedState.class, LlmRouter.class})
        LlmRouterSharedState llmRouterSharedState(RouterConfig config) {
            return open(config);
        }

        /** The one place the starter reads {@code RedisSettings}. */
        static LlmRouterSharedState open(RouterConfig config) {
            RedisSettings settings = config.redis().orElseThrow(() -> new ConfigException("no redis section",
                    List.of("llmrouter.redis.* (or a redis: section in llmrouter.config) is set, but the RouterConfig"
                            + " bean in use has none: add the Redis settings to that bean, or remove llmrouter.redis.*"),
                    null));
            SharedState state = RedisStateStore.open(config, TimeSource.system());
            BooleanSupplier reachable = state.admission() instanceof FallbackAdmissionControl f
                    ? () -> !f.onLocalState() : () -> true;
            return new LlmRouterSharedState(state, reachable, settings.onFailure() == RedisSettings.OnFailure.FAIL);
        }
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
