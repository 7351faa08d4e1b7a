package dev.llmrouter.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.config.RouterConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

/** The inline tree as the core reads it: keys, quoting, secrets, untyped mock settings. */
@Tag("unit")
class InlineConfigTest {
    private static LlmRouterProperties bind(String... pairs) {
        MockEnvironment env = new MockEnvironment();
        for (int i = 0; i < pairs.length; i += 2) {
            env.setProperty(pairs[i], pairs[i + 1]);
        }
        return Binder.get(env).bindOrCreate("llmrouter", LlmRouterProperties.class);
    }

    @Test
    void writesSnakeCaseKeysOneValuePerLineAndRemembersEachLinesProperty() {
        InlineConfigWriter w = new InlineConfigWriter();
        String yaml = w.write(bind("llmrouter.router-settings.num-retries", "2", "llmrouter.router-settings.cooldown-time", "1500ms",
                "llmrouter.providers.a.note", "say \"hi\"\nnow"));
        assertThat(yaml).isEqualTo("""
                providers:
                  "a":
                    note: "say \\"hi\\"\\nnow"
                router_settings:
                  cooldown_time: 1500ms
                  num_retries: 2
                """);
        assertThat(w.propertyAt(3)).isEqualTo("llmrouter.providers[a].note");
        assertThat(w.propertyAt(5)).isEqualTo("llmrouter.router-settings.cooldown-time");
        assertThat(w.propertyAt(99)).isNull();
    }

    @Test
    void starterKeysAloneAreNoInlineTree() {
        assertThat(InlineConfigWriter.hasInlineTree(bind("llmrouter.config", "classpath:x.yaml",
                "llmrouter.chat-model.model", "chat"))).isFalse();
        assertThat(InlineConfigWriter.hasInlineTree(bind("llmrouter.aliases.a", "b"))).isTrue();
    }

    @Test
    void secretsAreReferencesNeverText() {
        InlineConfigWriter w = new InlineConfigWriter();
        String yaml = w.write(bind("llmrouter.providers.cloud.api-key", "sk-very-secret", "llmrouter.redis.password", "pw-secret"));
        assertThat(yaml).doesNotContain("sk-very-secret").doesNotContain("pw-secret")
                .contains("api_key: \"${LLMROUTER_SPRING_SECRET_1}\"").contains("password: \"${LLMROUTER_SPRING_SECRET_2}\"");
        assertThat(w.secrets()).containsEntry("LLMROUTER_SPRING_SECRET_1", "sk-very-secret")
                .containsEntry("LLMROUTER_SPRING_SECRET_2", "pw-secret");
    }

    @Test
    void anInlineApiKeyReachesTheProviderWithoutBeingCalledInline() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class))
                .withPropertyValues("llmrouter.providers.cloud.type=openai", "llmrouter.providers.cloud.base-url=https://api.openai.com/v1",
                        "llmrouter.providers.cloud.api-key=sk-test-123",
                        "llmrouter.models.gpt.deployments[0].provider=cloud", "llmrouter.models.gpt.deployments[0].model=gpt-4o")
                .run(ctx -> {
                    RouterConfig config = ctx.getBean(RouterConfig.class);
                    assertThat(config.providers().get("cloud").apiKey().orElseThrow().reveal()).isEqualTo("sk-test-123");
                    assertThat(config.toString()).doesNotContain("sk-test-123");
                });
    }

    @Test
    void aMockScriptWrittenInlineIsAList() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LlmRouterAutoConfiguration.class))
                .withPropertyValues("llmrouter.providers.m.type=mock", "llmrouter.providers.m.mock.response=fine",
                        "llmrouter.providers.m.mock.script[0]=ok", "llmrouter.providers.m.mock.script[1]=503",
                        "llmrouter.models.chat.deployments[0].provider=m", "llmrouter.models.chat.deployments[0].model=x",
                        "llmrouter.router-settings.num-retries=0")
                .run(ctx -> {
                    LlmRouter router = ctx.getBean(LlmRouter.class);
                    ChatRequest hi = ChatRequest.builder().model("chat").user("hi").build();
                    assertThat(router.chat(hi).text()).isEqualTo("fine");
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> router.chat(hi))
                            .isInstanceOf(dev.llmrouter.api.LlmRouterException.class);
                });
    }
}
