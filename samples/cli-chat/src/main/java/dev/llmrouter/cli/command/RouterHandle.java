package dev.llmrouter.cli.command;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.cli.CliContext;
import dev.llmrouter.cli.chat.ChatBackend;
import dev.llmrouter.cli.chat.RouterViews;
import dev.llmrouter.cli.config.ConfigLoading;
import dev.llmrouter.cli.config.ConfigSource;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.spi.event.AttemptStartedEvent;

import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A router opened for one command, with the configuration it was built from. It is the chat
 * commands' {@link ChatBackend} and the interactive chat's {@link RouterViews}. Close it when the
 * command ends. Thread-safe as the router is.
 */
final class RouterHandle implements ChatBackend, RouterViews, AutoCloseable {
    private static final String DEFAULT_ALIAS = "default";

    private final ConfigSource source;
    private final RouterConfig config;
    private final LlmRouter router;
    private final AtomicReference<String> trying;

    private RouterHandle(ConfigSource source, RouterConfig config, LlmRouter router, AtomicReference<String> trying) {
        this.source = source;
        this.config = config;
        this.router = router;
        this.trying = trying;
    }

    /**
     * Loads the configuration (printing its warnings to standard error) and builds the router.
     *
     * @throws dev.llmrouter.api.ConfigException when the configuration has errors
     */
    static RouterHandle open(ConfigSource source, CliContext ctx) {
        RouterConfig config = ConfigLoading.load(source, ctx.env(), ctx.err());
        AtomicReference<String> trying = new AtomicReference<>();
        RouterListener attempts = new RouterListener() {
            @Override
            public void onAttemptStarted(AttemptStartedEvent event) {
                trying.set(event.deployment().id());
            }
        };
        return new RouterHandle(source, config, LlmRouter.builder().config(config).listener(attempts).build(), trying);
    }

    /** The deployment the latest attempt went to (the spinner shows it), or null before the first. */
    String tryingNow() {
        return trying.get();
    }

    /** Where the configuration came from. */
    ConfigSource source() {
        return source;
    }

    /** The configuration. */
    RouterConfig config() {
        return config;
    }

    /** The router. */
    LlmRouter router() {
        return router;
    }

    /** The model used when none is named: the alias {@code default}, else the first model group. */
    String defaultModel() {
        if (config.aliases().containsKey(DEFAULT_ALIAS) || config.models().containsKey(DEFAULT_ALIAS)) {
            return DEFAULT_ALIAS;
        }
        return config.models().keySet().stream().findFirst()
                .orElseThrow(() -> new dev.llmrouter.api.ConfigException("the configuration (" + source.description()
                        + ") has no model groups: add one under 'models:'"));
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
        return router.chat(request);
    }

    @Override
    public ChatStream stream(ChatRequest request) {
        return router.stream(request);
    }

    @Override
    public Set<String> modelNames() {
        Set<String> names = new LinkedHashSet<>(config.models().keySet());
        names.addAll(config.aliases().keySet());
        return names;
    }

    @Override
    public String describe(String name) {
        String group = config.aliases().get(name);
        return group == null ? name : name + " -> " + group;
    }

    @Override
    public void printModels(PrintStream out) {
        ModelsView.print(config, router.health(), out);
    }

    @Override
    public void printHealth(PrintStream out) {
        HealthView.print(router.health(), out);
    }

    @Override
    public void close() {
        router.close();
    }
}
