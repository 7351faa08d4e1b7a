package dev.llmrouter.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.spi.event.AttemptStartedEvent;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code mock} providers, in the process, with no network: the same behaviours as
 * {@link WireMockBackend} from the mock's {@code response}, {@code script} and {@code tool_call}
 * settings. Calls to {@code primary} are counted by a router listener (every call is an attempt).
 */
final class MockBackend implements Backend {
    private final AtomicInteger primaryCalls = new AtomicInteger();

    private LlmRouter router(String yaml) {
        return LlmRouter.builder().config(ConfigLoader.fromString(yaml, "mock.yaml")).listener(new RouterListener() {
            @Override
            public void onAttemptStarted(AttemptStartedEvent event) {
                if (event.deployment().provider().equals("primary")) {
                    primaryCalls.incrementAndGet();
                }
            }
        }).build();
    }

    /** A flow-style YAML string (single quotes doubled). */
    private static String quoted(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    @Override
    public LlmRouter answering(String text) {
        return router(Backend.config("{type: mock, mock: {response: " + quoted(text) + "}}", null, false, 5));
    }

    @Override
    public LlmRouter toolThenAnswer(String tool, String arguments, String text) {
        return router(Backend.config("{type: mock, mock: {response: " + quoted(text) + ", tool_call: {name: " + tool
                + ", arguments: " + quoted(arguments) + "}}}", null, false, 5));
    }

    @Override
    public LlmRouter primaryDown(int allowedFails, String text) {
        return router(Backend.config("{type: mock, mock: {script: [503]}}", "{type: mock, mock: {response: " + quoted(text)
                + "}}", true, allowedFails));
    }

    @Override
    public LlmRouter allDown() {
        return router(Backend.config("{type: mock, mock: {script: [503]}}", null, false, 5));
    }

    @Override
    public ModelProvider primaryKind() {
        return ModelProvider.OTHER;
    }

    @Override
    public int primaryCalls() {
        return primaryCalls.get();
    }

    @Override
    public void reset() {
        primaryCalls.set(0);
    }

    @Override
    public void close() {
    }
}
