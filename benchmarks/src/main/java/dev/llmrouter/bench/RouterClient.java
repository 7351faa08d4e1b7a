package dev.llmrouter.bench;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import java.util.List;

/**
 * llmrouter as an application uses it: {@link LlmRouter#chat} on a model group of
 * deployments of one {@code openai_compatible} provider at the stub, with routing, rate limits and
 * circuit breaking on (see {@link BenchConfigs}), built with the defaults (the router's own HTTP
 * client, adapters and local admission control). Thread-safe.
 */
public class RouterClient implements BenchClient {
    private final LlmRouter router;
    private final String name;

    /**
     * A router over a group of {@code deployments} deployments, all on one provider at {@code baseUrl}
     * (so the stub's server side is the same as for the other clients).
     */
    public RouterClient(String baseUrl, int deployments) {
        this(LlmRouter.builder().config(config(baseUrl, deployments)).build(), "llmrouter");
    }

    /** A client named {@code name} over a router built elsewhere (with another admission control, say). */
    protected RouterClient(LlmRouter router, String name) {
        this.router = router;
        this.name = name;
    }

    /** The configuration every router client runs: one group of {@code deployments} on the stub. */
    protected static dev.llmrouter.config.RouterConfig config(String baseUrl, int deployments) {
        return BenchConfigs.group(List.of(baseUrl), deployments, "simple-shuffle");
    }

    @Override
    public String name() {
        return name;
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
