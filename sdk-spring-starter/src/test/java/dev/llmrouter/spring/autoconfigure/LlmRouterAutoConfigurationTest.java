package dev.llmrouter.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ConfigException;
import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.spi.event.RequestCompletedEvent;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.spi.routing.RoutingStrategy;
import dev.llmrouter.spring.LlmRouterCustomizer;
import dev.llmrouter.spring.LlmRouterExecutor;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

@Tag("unit")
class LlmRouterAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class));

    private static ChatRequest hello(String model) {
        return ChatRequest.builder().model(model).user("hi").build();
    }

    @Test
    void configFileGivesARouterThatAnswers() {
        runner.withPropertyValues("llmrouter.config=classpath:llmrouter/mock.yaml").run(ctx -> {
            assertThat(ctx).hasSingleBean(LlmRouter.class).hasSingleBean(RouterConfig.class);
            LlmRouter router = ctx.getBean(LlmRouter.class);
            assertThat(router.models()).containsExactly("chat", "spare");
            assertThat(router.chat(hello("default")).text()).isEqualTo("Hello from steady");
        });
    }

    @Test
    void severalConfigFilesAreMergedInOrder() {
        runner.withPropertyValues("llmrouter.config=classpath:llmrouter/providers-only.yaml,classpath:llmrouter/models-only.yaml")
                .run(ctx -> assertThat(ctx.getBean(LlmRouter.class).chat(hello("chat")).text())
                        .isEqualTo("merged from two files"));
    }

    @Test
    void inlinePropertiesInRelaxedFormGiveTheSameRouter() {
        runner.withPropertyValues("llmrouter.providers.steady.type=mock",
                "llmrouter.providers.steady.mock.response=Hello inline",
                "llmrouter.models[llama3.1].deployments[0].provider=steady",
                "llmrouter.models[llama3.1].deployments[0].model=llama3.1",
                "llmrouter.aliases.default=llama3.1",
                "llmrouter.router-settings.num-retries=0",
                "llmrouter.router-settings.timeouts.overall=45s",
                "llmrouter.router_settings.allowed_fails=3").run(ctx -> {
                    LlmRouter router = ctx.getBean(LlmRouter.class);
                    assertThat(router.models()).containsExactly("llama3.1");
                    assertThat(router.chat(hello("default")).text()).isEqualTo("Hello inline");
                    RouterConfig config = ctx.getBean(RouterConfig.class);
                    assertThat(config.routerSettings().numRetries()).isZero();
                    assertThat(config.routerSettings().allowedFails()).isEqualTo(3);
                    assertThat(config.routerSettings().timeouts().overall()).hasSeconds(45);
                });
    }

    @Test
    void springPlaceholdersAndEnvironmentVariablesBothResolve() {
        runner.withPropertyValues("greeting=from a property", "llmrouter.providers.steady.type=mock",
                "llmrouter.providers.steady.mock.response=${greeting}",
                "llmrouter.models.chat.deployments[0].provider=steady",
                "llmrouter.models.chat.deployments[0].model=m").run(ctx ->
                assertThat(ctx.getBean(LlmRouter.class).chat(hello("chat")).text()).isEqualTo("from a property"));
    }

    @Test
    void aConfigFileReadsItsVariablesFromTheSpringEnvironment() {
        runner.withPropertyValues("llmrouter.config=classpath:llmrouter/variables.yaml", "MOCK_GREETING=resolved by Spring")
                .run(ctx -> assertThat(ctx.getBean(LlmRouter.class).chat(hello("chat")).text())
                        .isEqualTo("resolved by Spring"));
    }

    @Test
    void configFileAndInlineKeysTogetherFailStartup() {
        runner.withPropertyValues("llmrouter.config=classpath:llmrouter/mock.yaml", "llmrouter.providers.other.type=mock")
                .run(ctx -> {
                    assertThat(ctx).hasFailed();
                    ConfigException e = configException(ctx.getStartupFailure());
                    assertThat(e.getMessage()).startsWith("llmrouter.config and inline llmrouter.* keys are both set");
                    assertThat(e.problems()).singleElement().asString()
                            .contains("classpath:llmrouter/mock.yaml").contains("llmrouter.providers");
                });
    }

    @Test
    void noConfigurationAtAllFailsStartupSayingWhatToSet() {
        runner.withClassLoader(new FilteredClassLoader(new ClassPathResource("router.yaml"))).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(configException(ctx.getStartupFailure()).problems()).singleElement().asString()
                    .contains("set llmrouter.config");
        });
    }

    @Test
    void routerYamlOnTheClassPathIsTheDefault() {
        runner.run(ctx -> assertThat(ctx.getBean(LlmRouter.class).models()).containsExactly("default-file"));
    }

    @Test
    void badConfigFileFailsStartupWithFileLineProblemsThatTheAnalyzerPrints() {
        runner.withPropertyValues("llmrouter.config=classpath:llmrouter/bad.yaml").run(ctx -> {
            assertThat(ctx).hasFailed();
            ConfigException e = configException(ctx.getStartupFailure());
            assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                    .startsWith("classpath:llmrouter/bad.yaml:6:20: error:").contains("stedy"));
            assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("classpath:llmrouter/bad.yaml:8:16: error:"));
            FailureAnalysis analysis = new LlmRouterConfigFailureAnalyzer().analyze(ctx.getStartupFailure());
            assertThat(analysis.getDescription()).startsWith("The llmrouter configuration is invalid: invalid configuration")
                    .contains(System.lineSeparator() + "    classpath:llmrouter/bad.yaml:6:20: error:");
            assertThat(analysis.getAction()).contains("Fix each problem");
        });
    }

    @Test
    void missingConfigFileIsNamed() {
        runner.withPropertyValues("llmrouter.config=classpath:llmrouter/nowhere.yaml").run(ctx ->
                assertThat(configException(ctx.getStartupFailure()).problems()).containsExactly(
                        "classpath:llmrouter/nowhere.yaml:0:0: error: configuration file not found (check llmrouter.config)"));
    }

    @Test
    void badInlineKeysAreReportedAtTheirOwnFileAndLine() {
        runner.withInitializer(ctx -> ctx.getEnvironment().getPropertySources().addFirst(yaml("llmrouter/inline-bad.yaml")))
                .run(ctx -> {
                    ConfigException e = configException(ctx.getStartupFailure());
                    assertThat(e.getMessage()).startsWith("invalid llmrouter.* properties: ");
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p)
                            .startsWith("classpath:llmrouter/inline-bad.yaml:8:21: error:")
                            .contains("stedy").contains("[llmrouter.models[chat].deployments[0].provider]"));
                });
    }

    @Test
    void unknownInlineKeyFailsBinding() {
        runner.withPropertyValues("llmrouter.config=classpath:llmrouter/mock.yaml", "llmrouter.router-settings.num-retrys=2")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining("num-retrys"));
    }

    @Test
    void applicationBeansAreWiredInByName() {
        runner.withPropertyValues("llmrouter.config=classpath:llmrouter/custom-strategy.yaml")
                .withUserConfiguration(PluginBeans.class).run(ctx -> {
                    // the ProviderAdapter bean named "steady" replaced the mock adapter of provider steady
                    LlmRouter router = ctx.getBean(LlmRouter.class);
                    ChatResponse r = router.chat(hello("chat"));
                    assertThat(r.text()).isEqualTo("from the adapter bean");
                    assertThat(ctx.getBean(PluginBeans.class).strategyCalls).isPositive();
                    assertThat(ctx.getBean(Recording.class).completed).singleElement().isEqualTo("chat");
                    assertThat(ctx.getBean(PluginBeans.class).customized).isTrue();
                });
    }

    @Test
    void anApplicationRouterMakesTheStarterBackOff() {
        runner.withPropertyValues("llmrouter.config=classpath:llmrouter/nowhere.yaml").withUserConfiguration(OwnRouter.class)
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(LlmRouter.class).doesNotHaveBean(RouterConfig.class)
                            .doesNotHaveBean(LlmRouterExecutor.class);
                    assertThat(ctx.getBean(LlmRouter.class).models()).containsExactly("chat", "spare");
                });
    }

    @Test
    void anApplicationRouterConfigIsUsed() {
        runner.withBean(RouterConfig.class, () -> ConfigLoader.fromString(
                "providers: {p: {type: mock, mock: {response: own config}}}\nmodels: {own: {deployments: [{provider: p, model: m}]}}\n",
                "own.yaml")).run(ctx -> assertThat(ctx.getBean(LlmRouter.class).chat(hello("own")).text()).isEqualTo("own config"));
    }

    @Test
    void theRouterIsClosedWithTheContext() {
        LlmRouter[] kept = new LlmRouter[1];
        runner.withPropertyValues("llmrouter.config=classpath:llmrouter/mock.yaml").run(ctx -> kept[0] = ctx.getBean(LlmRouter.class));
        assertThatThrownBy(() -> kept[0].chat(hello("chat"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void asyncCallsRunOnVirtualThreadsWhenSpringAsksForThemAndTheJvmHasThem() {
        runner.withPropertyValues("llmrouter.config=classpath:llmrouter/mock.yaml", "spring.threads.virtual.enabled=true")
                .withUserConfiguration(Recording.Config.class).run(ctx -> {
                    ctx.getBean(LlmRouter.class).chatAsync(hello("chat")).join();
                    Thread t = ctx.getBean(Recording.class).threads.get(0);
                    assertThat(isVirtual(t)).isEqualTo(Runtime.version().feature() >= 21);
                    assertThat(t.getName()).startsWith("llmrouter-");
                });
    }

    @Test
    void asyncCallsRunOnPlatformDaemonThreadsByDefault() {
        runner.withPropertyValues("llmrouter.config=classpath:llmrouter/mock.yaml")
                .withUserConfiguration(Recording.Config.class).run(ctx -> {
                    ctx.getBean(LlmRouter.class).chatAsync(hello("chat")).join();
                    Thread t = ctx.getBean(Recording.class).threads.get(0);
                    assertThat(isVirtual(t)).isFalse();
                    assertThat(t.isDaemon()).isTrue();
                    assertThat(t.getName()).startsWith("llmrouter-");
                });
    }

    private static boolean isVirtual(Thread t) throws ReflectiveOperationException {
        if (Runtime.version().feature() < 21) {
            return false;
        }
        return (boolean) Thread.class.getMethod("isVirtual").invoke(t);
    }

    static ConfigException configException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigException c) {
                return c;
            }
        }
        throw new AssertionError("no ConfigException in " + failure);
    }

    static PropertySource<?> yaml(String resource) {
        try {
            return new YamlPropertySourceLoader().load(resource, new ClassPathResource(resource)).get(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records what the router tells its listeners. */
    static final class Recording implements RouterListener {
        final List<String> completed = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        @Override
        public void onRequestCompleted(RequestCompletedEvent event) {
            completed.add(event.route().group());
            threads.add(Thread.currentThread());
        }

        @Configuration(proxyBeanMethods = false)
        static class Config {
            @Bean
            Recording recording() {
                return new Recording();
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PluginBeans {
        volatile int strategyCalls;
        volatile boolean customized;

        @Bean
        Recording recording() {
            return new Recording();
        }

        @Bean
        RoutingStrategy firstOne() {
            return (candidates, context) -> {
                strategyCalls++;
                return candidates.get(0);
            };
        }

        @Bean
        ProviderAdapter steady() {
            return TestAdapters.answering("from the adapter bean");
        }

        @Bean
        LlmRouterCustomizer marker() {
            return builder -> customized = true;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRouter {
        @Bean
        LlmRouter ownRouter() {
            return LlmRouter.fromYaml(java.nio.file.Path.of("src/test/resources/llmrouter/mock.yaml"));
        }
    }
}
