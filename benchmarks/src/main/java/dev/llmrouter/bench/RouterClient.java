package dev.llmrouter.bench;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;

/**
 * llmrouter as an application uses it: {@link LlmRouter#chat} on a model group of
 * {@code openai_compatible} deployments, one per port of the stub, with routing, rate limits and
 * circuit breaking on (see {@link BenchConfigs}), built with the defaults (the router's own HTTP
 * client, adapters and local admission control). Thread-safe.
 */
public final class RouterClient implements BenchClient {
    private final LlmRouter router;

    /** A router over a group of one deployment per port of {@code stub}. */
    public RouterClient(StubServer stub) {
        this.router = LlmRouter.builder().config(BenchConfigs.group(stub::baseUrl, stub.ports(), "simple-shuffle"))
                .build();
    }

    @Override
    public String name() {
        return "llmrouter";
    }

    @Override
    public String call() {
        ChatRequest request = ChatRequest.builder().model(BenchConfigs.GROUP).user(LoadRun.PROMPT)
                .maxTokens(LoadRun.MAX_TOKENS).build();
        return router.chat(request).text();
    }

    @Override
    public void close() {
        router.close();
    }
}
