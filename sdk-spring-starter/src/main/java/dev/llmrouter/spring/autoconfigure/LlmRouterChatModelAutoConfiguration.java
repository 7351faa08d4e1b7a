package dev.llmrouter.spring.autoconfigure;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.spring.ai.LlmRouterChatModel;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The router as a Spring AI {@link ChatModel}, when spring-ai-model is on the class path. Backs off
 * when the application has a ChatModel of its own, unless {@code llmrouter.chat-model.enabled=true}
 * asks for this one too; {@code llmrouter.chat-model.enabled=false} turns it off.
 */
@AutoConfiguration(after = LlmRouterAutoConfiguration.class)
@ConditionalOnClass({LlmRouter.class, ChatModel.class})
@ConditionalOnBean(LlmRouter.class)
@ConditionalOnProperty(name = "llmrouter.chat-model.enabled", havingValue = "true", matchIfMissing = true)
public final class LlmRouterChatModelAutoConfiguration {

    /** The ChatModel; its default model is {@code llmrouter.chat-model.model}, else the first model group. */
    @Bean
    @Conditional(NoOtherChatModelOrAskedFor.class)
    LlmRouterChatModel llmRouterChatModel(LlmRouter router, LlmRouterProperties properties) {
        String model = properties.chatModelOrDefault().model();
        if (model == null || model.isBlank()) {
            model = router.models().isEmpty() ? "default" : router.models().get(0);
        }
        return new LlmRouterChatModel(router, model);
    }

    /** Matches when no other ChatModel is defined, or the property asks for the router's anyway. */
    static final class NoOtherChatModelOrAskedFor extends AnyNestedCondition {
        NoOtherChatModelOrAskedFor() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnMissingBean(ChatModel.class)
        static final class NoOtherChatModel {
        }

        @ConditionalOnProperty(name = "llmrouter.chat-model.enabled", havingValue = "true")
        static final class AskedFor {
        }
    }
}
