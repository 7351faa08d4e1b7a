package dev.llmrouter.spring.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * The {@code llmrouter.*} properties: either {@code llmrouter.config} (the router's YAML files) or
 * the same tree inline, in Spring's relaxed form ({@code llmrouter.router-settings.num-retries}
 * for {@code router_settings.num_retries}). Setting both is a startup error. Inline values are
 * handed to the core's configuration reader, which validates them as it validates a file and
 * reports each problem at the property's own origin (file and line of {@code application.yaml}).
 * A map key with a dot or a colon (a model named {@code llama3.1:latest}) is written in brackets,
 * {@code "[llama3.1:latest]"}, as for any Spring map key. Durations take {@code 250ms}, {@code 30s},
 * {@code 5m} or a plain number of seconds. Immutable once bound.
 *
 * @param config resource locations of the router's YAML files (classpath:router.yaml,
 *        file:/etc/llmrouter/providers.yaml), merged in order; classpath:router.yaml when unset and
 *        present; when set, no inline key may be set
 * @param chatModel the Spring AI ChatModel backed by the router
 * @param providers model servers and cloud APIs by name
 * @param models model groups by name, each with its deployments
 * @param aliases alternative names for model groups
 * @param fallbacks model groups tried, in order, when a group fails
 * @param contextWindowFallbacks model groups tried when a request exceeds a group's context window
 * @param contentPolicyFallbacks model groups tried when a provider's content filter refuses a request
 * @param defaultFallbacks model groups tried for any group without fallbacks of its own
 * @param routerSettings routing, retries, circuits, timeouts and health probing
 * @param rateLimitSettings the router's own rate limits
 * @param cache the response cache
 * @param redis shared state in Redis (needs llmrouter-redis on the class path)
 */
@ConfigurationProperties(prefix = "llmrouter", ignoreUnknownFields = false)
public record LlmRouterProperties(List<String> config, ChatModel chatModel, Map<String, Provider> providers,
                                  Map<String, ModelGroup> models, Map<String, String> aliases,
                                  Map<String, List<String>> fallbacks, Map<String, List<String>> contextWindowFallbacks,
                                  Map<String, List<String>> contentPolicyFallbacks, List<String> defaultFallbacks,
                                  RouterSettings routerSettings, RateLimitSettings rateLimitSettings, Cache cache,
                                  Redis redis) {

    /** The Spring AI {@code ChatModel} settings; the starter's own, never passed to the router. */
    public ChatModel chatModelOrDefault() {
        return chatModel != null ? chatModel : new ChatModel(null, null);
    }

    /**
     * The Spring AI {@code ChatModel} backed by the router.
     *
     * @param enabled whether to offer the router as a Spring AI ChatModel even when the application
     *        defines a ChatModel of its own (by default the starter's backs off then)
     * @param model model group or alias for prompts whose options name no model; the first model group by default
     */
    public record ChatModel(Boolean enabled, String model) {
    }

    /**
     * One provider.
     *
     * @param type provider type: ollama, vllm, llama_cpp, openai, anthropic, deepseek, openai_compatible or mock
     * @param baseUrl server root, as the provider's docs write it
     * @param status active (default) or disabled
     * @param note free text shown by health reports
     * @param apiKey API key; prefer a placeholder such as ${OPENAI_API_KEY}
     * @param apiKeyEnv name of the environment variable holding the API key
     * @param headers extra HTTP headers sent on every call
     * @param maxParallelRequests most requests in flight on this provider at once
     * @param rpm requests per minute on this provider
     * @param tpm tokens per minute on this provider
     * @param healthPath path probed for health instead of the type's default
     * @param allowInsecureHttp whether a cloud provider may be reached over plain http
     * @param timeout attempt timeout for this provider's deployments
     * @param defaultMaxTokens max_tokens sent when a request sets none (anthropic only)
     * @param keepAlive how long Ollama keeps the model loaded (ollama only)
     * @param numCtx context size Ollama loads the model with (ollama only)
     * @param anthropicVersion anthropic-version header (anthropic only)
     * @param maxResponseBytes largest response body accepted, in bytes
     * @param maxLineBytes largest streamed line accepted, in bytes
     * @param mock scripted answers of a mock provider (response, script, latency, chunk_delay, usage)
     */
    public record Provider(String type, String baseUrl, String status, String note, String apiKey, String apiKeyEnv,
                           Map<String, String> headers, Integer maxParallelRequests, Integer rpm, Integer tpm,
                           String healthPath, Boolean allowInsecureHttp, @DurationUnit(ChronoUnit.SECONDS) Duration timeout,
                           Integer defaultMaxTokens, String keepAlive, Integer numCtx, String anthropicVersion,
                           Long maxResponseBytes, Integer maxLineBytes, Map<String, Object> mock) {
    }

    /**
     * One model group.
     *
     * @param deployments the deployments that serve the group
     * @param rpm requests per minute over the whole group
     * @param tpm tokens per minute over the whole group
     * @param cache whether the response cache answers this group
     */
    public record ModelGroup(List<Deployment> deployments, Integer rpm, Integer tpm, Boolean cache) {
    }

    /**
     * One deployment of a model group.
     *
     * @param provider provider name
     * @param model provider-side model name
     * @param weight routing weight under simple-shuffle
     * @param order tier under the ordered strategy, lowest first
     * @param rpm requests per minute on this deployment
     * @param tpm tokens per minute on this deployment
     * @param maxInputTokens context window, in tokens
     * @param maxParallelRequests most requests in flight on this deployment at once
     * @param inputCostPerToken price of one input token
     * @param outputCostPerToken price of one output token
     * @param tags tags a request may require
     */
    public record Deployment(String provider, String model, Integer weight, Integer order, Integer rpm, Integer tpm,
                             Integer maxInputTokens, Integer maxParallelRequests, Double inputCostPerToken,
                             Double outputCostPerToken, List<String> tags) {
    }

    /**
     * Router settings.
     *
     * @param routingStrategy simple-shuffle, ordered, least-busy, latency-based, usage-based,
     *        cost-based, or custom:NAME for a RoutingStrategy bean named NAME
     * @param allowedFails failures within the failure window that open a deployment's circuit
     * @param cooldownTime how long an open circuit stays open
     * @param failureWindow window in which failures are counted
     * @param cooldownMultiplier growth of the cooldown each time a circuit opens again
     * @param maxCooldown longest cooldown
     * @param numRetries retries within a model group before falling back
     * @param retryBackoff delays between retries
     * @param timeouts the five timeout layers
     * @param timeout attempt timeout (LiteLLM's name for timeouts.attempt)
     * @param enablePreCallChecks whether deployments whose context window is too small are skipped
     * @param waitForRecovery whether a request waits for a circuit to close instead of failing at once
     * @param healthCheckInterval interval of background health probes; off when unset
     */
    public record RouterSettings(String routingStrategy, Integer allowedFails,
                                 @DurationUnit(ChronoUnit.SECONDS) Duration cooldownTime,
                                 @DurationUnit(ChronoUnit.SECONDS) Duration failureWindow, Double cooldownMultiplier,
                                 @DurationUnit(ChronoUnit.SECONDS) Duration maxCooldown, Integer numRetries,
                                 RetryBackoff retryBackoff, Timeouts timeouts,
                                 @DurationUnit(ChronoUnit.SECONDS) Duration timeout, Boolean enablePreCallChecks,
                                 Boolean waitForRecovery,
                                 @DurationUnit(ChronoUnit.SECONDS) Duration healthCheckInterval) {
    }

    /**
     * The five timeout layers.
     *
     * @param attempt one call to one deployment
     * @param request one model group, retries included
     * @param stream a whole stream
     * @param streamIdle silence between two chunks of a stream
     * @param overall the whole request, fallbacks included
     */
    public record Timeouts(@DurationUnit(ChronoUnit.SECONDS) Duration attempt,
                           @DurationUnit(ChronoUnit.SECONDS) Duration request,
                           @DurationUnit(ChronoUnit.SECONDS) Duration stream,
                           @DurationUnit(ChronoUnit.SECONDS) Duration streamIdle,
                           @DurationUnit(ChronoUnit.SECONDS) Duration overall) {
    }

    /**
     * Delays between retries.
     *
     * @param initial first delay
     * @param max longest delay
     * @param multiplier growth of the delay per retry
     * @param jitter share of the delay randomised, 0 to 1
     * @param maxServerDelay longest Retry-After from a provider that is honoured
     */
    public record RetryBackoff(@DurationUnit(ChronoUnit.SECONDS) Duration initial,
                               @DurationUnit(ChronoUnit.SECONDS) Duration max, Double multiplier, Double jitter,
                               @DurationUnit(ChronoUnit.SECONDS) Duration maxServerDelay) {
    }

    /**
     * The router's own rate limits.
     *
     * @param enabled whether the router enforces rpm and tpm limits
     * @param mode reject (fail at once) or wait (queue until the limit frees)
     * @param limits limits by model group
     * @param defaults limits by provider type, for deployments without their own
     * @param defaultOutputTokens output tokens reserved for a request that sets no max_tokens
     */
    public record RateLimitSettings(Boolean enabled, String mode, Map<String, Limit> limits, Map<String, Limit> defaults,
                                    Integer defaultOutputTokens) {
    }

    /**
     * A rate limit.
     *
     * @param rpm requests per minute
     * @param tpm tokens per minute
     */
    public record Limit(Integer rpm, Integer tpm) {
    }

    /**
     * The response cache.
     *
     * @param enabled whether identical requests are answered from the cache
     * @param ttl how long an answer stays cached
     * @param maxEntries most answers kept
     */
    public record Cache(Boolean enabled, @DurationUnit(ChronoUnit.SECONDS) Duration ttl, Integer maxEntries) {
    }

    /**
     * Shared state in Redis.
     *
     * @param url redis:// or rediss:// URL
     * @param user Redis user
     * @param password Redis password; prefer a placeholder
     * @param keyPrefix namespace of the router's keys
     * @param commandTimeout longest wait for one Redis command
     * @param onFailure local (fall back to in-process state) or fail, when Redis cannot be reached
     * @param requirePersistence whether startup fails when Redis persists nothing
     */
    public record Redis(String url, String user, String password, String keyPrefix,
                        @DurationUnit(ChronoUnit.SECONDS) Duration commandTimeout, String onFailure,
                        Boolean requirePersistence) {
    }
}
