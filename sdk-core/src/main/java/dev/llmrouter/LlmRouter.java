package dev.llmrouter;

import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.ConfigException;
import dev.llmrouter.api.StreamHandler;
import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.ConfigProblem;
import dev.llmrouter.config.ConfigValidator;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.internal.cache.CaffeineResponseCache;
import dev.llmrouter.internal.Workers;
import dev.llmrouter.internal.config.ReportedConfigs;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.internal.provider.ProviderResources;
import dev.llmrouter.spi.state.AdmissionControl;
import dev.llmrouter.spi.state.ResponseCache;
import dev.llmrouter.spi.state.SharedState;
import dev.llmrouter.internal.state.SharedStates;
import dev.llmrouter.internal.routing.RouterEngine;
import dev.llmrouter.spi.routing.RoutingStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An LLM gateway inside the JVM: routes chat requests to the deployments of a model group, with
 * retries, fallback chains, five-layer deadlines, circuit breakers, rate and concurrency limits,
 * an optional response cache, and health probes. Build one per application, from YAML with
 * {@link #fromYaml} or from a {@link RouterConfig} with {@link #builder()}, and close it on shutdown.
 *
 * <p>Every {@link ChatResponse} and every {@link dev.llmrouter.api.LlmRouterException} it hands
 * out carries {@code route()}: the group asked for, the deployment that answered, every attempt,
 * the fallback groups tried and whether the cache answered. Every call ends in a response or a
 * typed {@code LlmRouterException}; the caller never waits longer than the overall timeout.
 *
 * <p>Thread-safe: share one instance between all threads.
 */
public final class LlmRouter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LlmRouter.class);
    private final RouterEngine engine;

    private LlmRouter(RouterEngine engine) {
        this.engine = engine;
    }

    /**
     * A router from YAML files (the seed's {@code providers.yaml} + {@code model-mappings.yaml}, or
     * one file), with every default of {@link Builder}.
     *
     * @throws ConfigException listing every problem with its file:line, when the files are invalid
     */
    public static LlmRouter fromYaml(Path... files) {
        return builder().config(ConfigLoader.load(files)).build();
    }

    /** A builder; {@link Builder#config} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * One whole chat completion. {@code request.model()} names a model group or alias.
     *
     * @throws dev.llmrouter.api.LlmRouterException typed, with its route, when no deployment answered
     * @throws IllegalStateException when the router is closed
     */
    public ChatResponse chat(ChatRequest request) {
        return engine.chat(request);
    }

    /**
     * {@link #chat} on the router's executor. Cancelling the future cancels the call in flight and
     * frees its connection; the future fails with the typed exception {@link #chat} would throw.
     *
     * @throws IllegalStateException when the router is closed
     */
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        return engine.chatAsync(request);
    }

    /**
     * A streamed chat completion, returned once its first chunk has arrived: until then failures
     * are retried and fall back as for {@link #chat}; after, they surface while iterating as
     * {@link dev.llmrouter.api.StreamInterruptedException} or a stream timeout carrying the partial
     * text. Close it (try-with-resources): closing early cancels the call.
     *
     * @throws dev.llmrouter.api.LlmRouterException typed, with its route, when no deployment produced a first chunk
     * @throws IllegalStateException when the router is closed
     */
    public ChatStream stream(ChatRequest request) {
        return engine.stream(request);
    }

    /**
     * The callback form of {@link #stream(ChatRequest)}: runs the stream on the router's executor and
     * calls {@code handler} for each chunk, then exactly once {@code onComplete} or {@code onError}.
     * Returns at once.
     */
    public void stream(ChatRequest request, StreamHandler handler) {
        engine.stream(request, handler);
    }

    /**
     * Probes every active provider now (in parallel, each within 5 s) and reports health.
     *
     * @throws IllegalStateException when the router is closed
     */
    public RouterHealth health() {
        engine.ensureOpen();
        return engine.health().check();
    }

    /**
     * Reports health from what is known now (last probes, circuits, limits), without probing. Cheap.
     * After {@link #close()} it reports the final state (in-flight requests ended, leases released).
     */
    public RouterHealth healthSnapshot() {
        return engine.health().snapshot();
    }

    /**
     * Waits until {@code provider} is healthy, probing about every 5 s and reporting each probe to
     * {@code progress} (may be null). Returns false when {@code timeout} passes first (or the thread
     * is interrupted, keeping its interrupt flag).
     *
     * @throws IllegalArgumentException for an unknown or disabled provider
     */
    public boolean awaitHealthy(String provider, Duration timeout, Consumer<HealthProgress> progress) {
        return engine.health().awaitHealthy(provider, timeout, progress);
    }

    /** {@link #awaitHealthy(String, Duration, Consumer)} for every active provider within one overall timeout. */
    public boolean awaitHealthy(Duration timeout, Consumer<HealthProgress> progress) {
        return engine.health().awaitHealthy(timeout, progress);
    }

    /** The model group names callers may use (aliases not included), in configuration order. */
    public List<String> models() {
        return engine.models();
    }

    /**
     * Ends the requests still running (with {@code RequestCancelledException}), stops background
     * probing and the router's threads, and releases the HTTP client and the admission control when
     * the router created them. Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }

    /**
     * Builds an {@link LlmRouter}. Defaults: the system clock; a {@code LocalAdmissionControl} (the
     * shared store of {@code llmrouter-redis} when the configuration has a {@code redis:} section);
     * a new OkHttp client (connect 10 s, per-call limits from the router); no listener; the built-in
     * strategies; adapters created from each provider's type; for async calls, callback streams and
     * probes, virtual threads on Java 21+ or at most 64 daemon threads on Java 17 (further tasks
     * queue); a Caffeine response cache when {@code cache.enabled}.
     * Not thread-safe.
     */
    public static final class Builder {
        private RouterConfig config;
        private TimeSource time = TimeSource.system();
        private AdmissionControl admission;
        private OkHttpClient httpClient;
        private RouterListener listener = RouterListener.NONE;
        private final Map<String, RoutingStrategy> strategies = new LinkedHashMap<>();
        private final Map<String, ProviderAdapter> adapters = new LinkedHashMap<>();
        private ExecutorService executor;
        private ResponseCache cache;

        private Builder() {
        }

        /** The configuration (required). */
        public Builder config(RouterConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The clock for deadlines, windows, circuits and waits ({@link ManualTimeSource} in tests). */
        public Builder timeSource(TimeSource time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /**
         * The admission step (a shared, Redis-backed one, say); the router does not close it. Without
         * one, a configuration with a {@code redis:} section uses {@code llmrouter-redis} (found on
         * the classpath) and one without uses local state.
         */
        public Builder admissionControl(AdmissionControl admission) {
            this.admission = Objects.requireNonNull(admission, "admission");
            return this;
        }

        /** An OkHttp client to derive calls from (proxy, TLS, interceptors); the router does not close it. */
        public Builder httpClient(OkHttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The event listener. */
        public Builder listener(RouterListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Registers a custom strategy under {@code name}; select it with
         * {@code router_settings.routing_strategy: custom:NAME}.
         */
        public Builder strategy(String name, RoutingStrategy strategy) {
            strategies.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(strategy, "strategy"));
            return this;
        }

        /** Uses {@code adapter} for the provider named {@code providerName} instead of one made from its type. */
        public Builder adapter(String providerName, ProviderAdapter adapter) {
            adapters.put(Objects.requireNonNull(providerName, "providerName"), Objects.requireNonNull(adapter, "adapter"));
            return this;
        }

        /**
         * The executor for async calls, callback streams and background probes (for example virtual
         * threads on Java 21); the router does not shut it down.
         */
        public Builder executor(ExecutorService executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** A response cache to use instead of the in-memory one (it is used only when {@code cache.enabled}). */
        public Builder responseCache(ResponseCache cache) {
            this.cache = Objects.requireNonNull(cache, "cache");
            return this;
        }

        /**
         * Builds the router.
         *
         * @throws ConfigException listing every problem ({@code ConfigValidator}), when the
         *         configuration has errors or a provider has no adapter; warnings are logged (once:
         *         not again for a configuration {@link ConfigLoader} read and reported)
         */
        public LlmRouter build() {
            if (config == null) {
                throw new ConfigException("no configuration: call config(RouterConfig), or use LlmRouter.fromYaml");
            }
            validate(config);
            ProviderResources resources = httpClient == null ? ProviderResources.create(time)
                    : ProviderResources.using(httpClient, time);
            SharedState shared = admission == null ? SharedStates.open(config, time) : null;
            AdmissionControl control = shared != null ? shared.admission() : admission;
            ResponseCache sharedCache = shared == null ? null : shared.responseCache().orElse(null);
            ExecutorService exec = executor != null ? executor : Workers.create();
            ResponseCache responses = !config.cache().enabled() ? null
                    : cache != null ? cache : sharedCache != null ? sharedCache : new CaffeineResponseCache(config.cache());
            try {
                return new LlmRouter(new RouterEngine(new RouterEngine.Parts(config, resources, control, shared != null,
                        listener, strategies, adapters, exec, executor == null, responses)));
            } catch (RuntimeException e) {
                if (shared != null) {
                    shared.admission().close();
                }
                resources.close();
                if (executor == null) {
                    exec.shutdownNow();
                }
                throw e;
            }
        }

        /**
         * Validates a configuration built in code, logging its warnings; returns them. A
         * configuration from {@link ConfigLoader} was validated there and its problems reported
         * with their file:line, so it is not validated or reported again.
         *
         * @throws ConfigException when it has errors
         */
        static List<ConfigProblem> validate(RouterConfig config) {
            if (ReportedConfigs.contains(config)) {
                return List.of();
            }
            List<ConfigProblem> problems = ConfigValidator.validate(config);
            List<ConfigProblem> errors = problems.stream().filter(ConfigProblem::isError).toList();
            if (!errors.isEmpty()) {
                throw new ConfigException("invalid configuration: " + errors.size()
                        + (errors.size() == 1 ? " error" : " errors"), problems.stream().map(ConfigProblem::format).toList(),
                        null);
            }
            problems.forEach(p -> LOG.warn("configuration: {}", p.format()));
            return problems;
        }
    }
}
