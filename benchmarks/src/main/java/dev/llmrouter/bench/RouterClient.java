package dev.llmrouter.bench;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.TimeSource;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.provider.ProviderAdapters;
import dev.llmrouter.provider.ProviderResources;

/**
 * llmrouter as an application uses it: {@link LlmRouter#chat} on a model group of
 * {@code openai_compatible} deployments pointing at the stub, with routing, rate limits and
 * circuit breaking on (see {@link BenchConfigs}). The adapters are created with
 * {@link ProviderAdapters} over the router's default HTTP client settings and registered through the
 * builder, sharing one connection pool with the router. Thread-safe.
 */
public final class RouterClient implements BenchClient {
    private final ProviderResources resources;
    private final LlmRouter router;

    /** A router over a group of {@code deployments} deployments on the stub at {@code baseUrl}. */
    public RouterClient(String baseUrl, int deployments) {
        RouterConfig config = BenchConfigs.group(baseUrl, deployments, "simple-shuffle");
        this.resources = ProviderResources.create(TimeSource.system());
        LlmRouter.Builder b = LlmRouter.builder().config(config).httpClient(resources.http());
        for (ProviderConfig p : config.providers().values()) {
            b.adapter(p.name(), ProviderAdapters.create(p, resources));
        }
        this.router = b.build();
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
        resources.close();
    }
}
