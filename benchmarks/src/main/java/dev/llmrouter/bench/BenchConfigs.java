package dev.llmrouter.bench;

import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.ModelGroupConfig;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.config.RateLimitSettings;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.config.Secret;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.ArrayList;
import java.util.List;

/**
 * The router configurations the benchmarks run: one model group {@value #GROUP} of {@code n}
 * deployments over {@code openai_compatible} providers {@code p0, p1, ...}, with rate
 * limits on every deployment and on the group (enforced, but at {@link Integer#MAX_VALUE} per
 * minute so they never bind), circuit breaking with the default policy, and the given strategy.
 * Stateless.
 */
public final class BenchConfigs {
    /** The model group every benchmark request names. */
    public static final String GROUP = "bench";
    /** Limits that are checked on every call but never bind (about 35 million per second). */
    public static final RateLimit NEVER_BINDING = new RateLimit(Integer.MAX_VALUE, Integer.MAX_VALUE);

    private BenchConfigs() {
    }

    /**
     * A group of {@code deployments} deployments for providers that answer in memory, each on its own
     * provider with the unused base URL {@code http://127.0.0.1:<20000 + i>/v1}.
     */
    public static RouterConfig inMemory(int deployments, String strategy) {
        List<String> urls = new ArrayList<>(deployments);
        for (int i = 0; i < deployments; i++) {
            urls.add("http://127.0.0.1:" + (20_000 + i) + "/v1");
        }
        return group(urls, deployments, strategy);
    }

    /**
     * A group of {@code deployments} deployments over one provider per URL of {@code providerUrls}
     * (which must all differ: the router allows one active provider per host and port); deployment
     * {@code i} is on provider {@code i % providerUrls.size()}, so several deployments may share a
     * provider, as replicas of one model behind one server do.
     *
     * @param strategy a built-in strategy name ({@code simple-shuffle}, {@code least-busy}, ...)
     */
    public static RouterConfig group(List<String> providerUrls, int deployments, String strategy) {
        if (deployments < 1 || providerUrls.isEmpty()) {
            throw new IllegalArgumentException("deployments and providers must be at least 1, got " + deployments
                    + " and " + providerUrls.size());
        }
        RouterConfig.Builder config = RouterConfig.builder();
        ModelGroupConfig.Builder group = ModelGroupConfig.builder(GROUP).limit(NEVER_BINDING);
        for (int i = 0; i < providerUrls.size(); i++) {
            String name = "p" + i;
            config.provider(ProviderConfig.builder(name, ProviderType.OPENAI_COMPATIBLE)
                    .baseUrl(providerUrls.get(i))
                    .apiKey(Secret.of("sk-bench"))
                    .rpm(NEVER_BINDING.rpm())
                    .tpm(NEVER_BINDING.tpm())
                    .build());
        }
        for (int i = 0; i < deployments; i++) {
            group.deployment(DeploymentConfig.of("p" + (i % providerUrls.size()), StubServer.MODEL));
        }
        return config.model(group.build())
                .routerSettings(RouterSettings.builder().routingStrategy(strategy).build())
                .rateLimitSettings(RateLimitSettings.builder().limit(GROUP, NEVER_BINDING).build())
                .build();
    }
}
