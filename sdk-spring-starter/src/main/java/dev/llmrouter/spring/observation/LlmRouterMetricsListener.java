package dev.llmrouter.spring.observation;

import dev.llmrouter.api.Usage;
import dev.llmrouter.spi.event.AttemptEndedEvent;
import dev.llmrouter.spi.event.CacheHitEvent;
import dev.llmrouter.spi.event.FallbackEvent;
import dev.llmrouter.spi.event.FirstChunkEvent;
import dev.llmrouter.spi.event.RateLimitedEvent;
import dev.llmrouter.spi.event.RetryEvent;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.spi.event.UsageEvent;
import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.spi.state.Admission;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * The router's meters that an observation's timer cannot give (all tags low-cardinality: group,
 * deployment and provider names come from the configuration):
 * <ul>
 *   <li>{@value #TOKEN_USAGE} (distribution summary, {@code {token}}): the GenAI token usage, tagged
 *       as {@link GenAiTags#of} plus {@code gen_ai.token.type} {@code input}/{@code output}; recorded
 *       only when the provider reported usage.</li>
 *   <li>{@value #TIME_TO_FIRST_CHUNK} (timer): GenAI time to first chunk of a stream.</li>
 *   <li>{@code llmrouter.attempts} (counter; group, deployment, provider, outcome),
 *       {@code llmrouter.retries} (group, deployment), {@code llmrouter.fallbacks} (from, to),
 *       {@code llmrouter.cache.hits} (group), {@code llmrouter.rate.limited} (group, deployment,
 *       limit).</li>
 * </ul>
 * Thread-safe.
 */
public final class LlmRouterMetricsListener implements RouterListener {
    /** GenAI token usage. */
    public static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    /** GenAI time to first chunk. */
    public static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";

    private final MeterRegistry registry;

    /** Records into {@code registry}. */
    public LlmRouterMetricsListener(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onUsage(UsageEvent event) {
        Usage usage = event.usage();
        if (usage.isEmpty()) {
            return; // semconv: no token metric when the counts are not known
        }
        Tags tags = genAi(event.deployment());
        tokens(tags, "input").record(usage.promptTokens());
        tokens(tags, "output").record(usage.completionTokens());
    }

    private DistributionSummary tokens(Tags tags, String type) {
        return DistributionSummary.builder(TOKEN_USAGE).baseUnit("{token}").description("Tokens used by the router's calls")
                .tags(tags.and(GenAiTags.TOKEN_TYPE, type)).register(registry);
    }

    @Override
    public void onFirstChunk(FirstChunkEvent event) {
        Timer.builder(TIME_TO_FIRST_CHUNK).description("Time from a stream attempt's start to its first chunk")
                .tags(genAi(event.deployment())).register(registry).record(event.elapsed());
    }

    @Override
    public void onAttemptEnded(AttemptEndedEvent event) {
        Deployment d = event.deployment();
        registry.counter("llmrouter.attempts", "group", d.group(), "deployment", d.id(), "provider", d.provider(),
                "outcome", event.record().outcome().wireName()).increment();
    }

    @Override
    public void onRetry(RetryEvent event) {
        Deployment failed = event.failed();
        registry.counter("llmrouter.retries", "group", failed.group(), "deployment", failed.id()).increment();
    }

    @Override
    public void onFallback(FallbackEvent event) {
        registry.counter("llmrouter.fallbacks", "from", event.fromGroup(), "to", event.toGroup()).increment();
    }

    @Override
    public void onCacheHit(CacheHitEvent event) {
        registry.counter("llmrouter.cache.hits", "group", event.group()).increment();
    }

    @Override
    public void onRateLimited(RateLimitedEvent event) {
        Deployment d = event.deployment();
        Admission.Denial denial = event.denial();
        registry.counter("llmrouter.rate.limited", "group", d.group(), "deployment", d.id(), "limit",
                denial == null ? "none" : denial.name().toLowerCase(java.util.Locale.ROOT)).increment();
    }

    private static Tags genAi(Deployment d) {
        Tags tags = Tags.empty();
        for (KeyValue kv : GenAiTags.of(d, true)) {
            tags = tags.and(Tag.of(kv.getKey(), kv.getValue()));
        }
        return tags;
    }
}
