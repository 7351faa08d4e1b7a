package dev.llmrouter.spring.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.io.Resource;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the router's configuration asks for Redis shared state: {@code llmrouter.redis.*}
 * is set, or (configured by files) one of the files has a top-level {@code redis:} key. Reads the
 * files' text without parsing them, so a bad file is still reported by the configuration reader,
 * with its file:line, and not here.
 */
final class OnRedisSettingsCondition extends SpringBootCondition {
    private static final Pattern REDIS_SECTION = Pattern.compile("(?m)^([\"']?)redis\\1[ \\t]*:");

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition("llmrouter Redis settings");
        LlmRouterProperties properties;
        try {
            properties = Binder.get(context.getEnvironment()).bind("llmrouter", LlmRouterProperties.class).orElse(null);
        } catch (RuntimeException e) {
            // binding llmrouter.* for the router bean fails the same way and reports it
            return ConditionOutcome.noMatch(message.because("llmrouter.* cannot be bound"));
        }
        if (properties != null && !InlineConfigWriter.layer().write(properties).isEmpty()) {
            return ConditionOutcome.match(message.found("property").items("llmrouter.redis.*"));
        }
        if (properties != null && InlineConfigWriter.hasInlineTree(properties)) {
            return ConditionOutcome.noMatch(message.because("the inline configuration sets no llmrouter.redis.*"));
        }
        List<String> locations;
        try {
            locations = RouterConfigFactory.locations(properties == null || properties.config() == null ? List.of()
                    : properties.config(), context.getResourceLoader());
        } catch (RuntimeException none) {
            return ConditionOutcome.noMatch(message.because("there is no router configuration"));
        }
        for (String location : locations) {
            if (hasRedisSection(context.getResourceLoader().getResource(location.trim()))) {
                return ConditionOutcome.match(message.found("redis: section in").items(location));
            }
        }
        return ConditionOutcome.noMatch(message.because("neither llmrouter.redis.* nor a redis: section is set"));
    }

    private static boolean hasRedisSection(Resource r) {
        if (!r.exists()) {
            return false;
        }
        try (InputStream in = r.getInputStream()) {
            return REDIS_SECTION.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8)).find();
        } catch (IOException e) {
            return false;
        }
    }
}
