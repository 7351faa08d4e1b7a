package dev.llmrouter.internal.routing;

import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.spi.routing.RoutingStrategy;
import dev.llmrouter.spi.state.ResponseCache;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.TimeSource;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.RequestCancelledException;
import dev.llmrouter.api.Route;
import dev.llmrouter.api.StreamHandler;
import dev.llmrouter.api.UnknownModelException;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.internal.ApiAccess;
import dev.llmrouter.internal.http.Redactor;
import dev.llmrouter.spi.provider.ProviderAdapter;
import dev.llmrouter.internal.provider.ProviderResources;
import dev.llmrouter.spi.state.AdmissionControl;
import dev.llmrouter.internal.state.LocalAdmissionControl;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path behind {@code LlmRouter} (DESIGN section 3): resolve the model name, start the
 * overall deadline, consult the response cache, then walk the {@link FallbackChain}, running each
 * group with the {@link GroupExecutor} (which selects with the {@link DeploymentSelector} and calls
 * through {@link Attempt}). Use it through {@code LlmRouter}; it is public only so the front door
 * can live in its own package. Thread-safe.
 */
public final class RouterEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouterEngine.class);

    /**
     * What the engine is built from; the engine owns {@code resources} and, when the flags say so,
     * the admission control and the executor, and closes them with itself.
     *
     * @param config the validated configuration
     * @param resources the shared HTTP client, deadline timer and clock
     * @param admission the admission step, or null for a {@link LocalAdmissionControl} on the
     *        resources' clock, owned by the engine
     * @param ownsAdmission close the given admission control on close
     * @param listener the event listener
     * @param strategies custom strategies by name
     * @param adapters custom adapters by provider name
     * @param executor runs async calls, callback streams and background probes
     * @param ownsExecutor shut the executor down on close
     * @param cache the response cache, or null when there is none
     */
    public record Parts(RouterConfig config, ProviderResources resources, AdmissionControl admission,
                        boolean ownsAdmission, RouterListener listener, Map<String, RoutingStrategy> strategies,
                        Map<String, ProviderAdapter> adapters, ExecutorService executor, boolean ownsExecutor,
                        ResponseCache cache) {
        /** @throws NullPointerException when a required part is missing */
        public Parts {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(resources, "resources");
            Objects.requireNonNull(listener, "listener");
            strategies = Map.copyOf(strategies);
            adapters = Map.copyOf(adapters);
            Objects.requireNonNull(executor, "executor");
        }
    }

    /** How often blocked requests are checked for an interrupted thread. */
    static final long INTERRUPT_CHECK_MILLIS = 10;

    private final Parts parts;
    private final AdmissionControl admission;
    private final boolean ownsAdmission;
    private final TimeSource time;
    private final ModelResolver resolver;
    private final Events events;
    private final Attempt attempt;
    private final GroupExecutor groups;
    private final FallbackChain fallbacks;
    private final HealthMonitor monitor;
    private final HealthReports health;
    private final Set<RequestScope> active = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> interruptWatch;
    private final AsyncChats asyncChats;
    private volatile boolean closed;

    /**
     * Wires the engine.
     *
     * @throws dev.llmrouter.api.ConfigException when a provider has no adapter, a deployment names an
     *         unknown provider, or the strategy is unknown
     */
    public RouterEngine(Parts parts) {
        this.parts = parts;
        RouterConfig config = parts.config();
        this.time = parts.resources().time();
        Map<String, ProviderAdapter> adapters = EngineWiring.adapters(config, parts.adapters(), parts.resources());
        Map<String, ModelGroup> groupMap = EngineWiring.groups(config, adapters);
        this.events = new Events(parts.listener(), Redactor.forProviders(config.providers().values()));
        this.ownsAdmission = parts.admission() == null || parts.ownsAdmission();
        this.admission = parts.admission() != null ? parts.admission() : new LocalAdmissionControl(time);
        this.resolver = new ModelResolver(groupMap, config.aliases());
        var policy = EngineWiring.policy(config.routerSettings());
        StateGate gate = new StateGate(admission, policy, events, time);
        this.attempt = new Attempt(time, gate, events);
        this.monitor = new HealthMonitor(config.providers(), adapters, parts.resources(), parts.executor(),
                config.routerSettings().healthCheckInterval().orElse(null));
        ContextWindows windows = new ContextWindows(config.routerSettings().enablePreCallChecks());
        DeploymentSelector selector = new DeploymentSelector(gate,
                EngineWiring.strategy(config.routerSettings().routingStrategy(), parts.strategies()), monitor,
                events, windows, time);
        this.groups = new GroupExecutor(selector, events, config.routerSettings().backoff(),
                config.routerSettings().waitForRecovery(), config.rateLimitSettings().mode());
        this.fallbacks = new FallbackChain(config.fallbacks(), resolver, windows);
        List<Deployment> all = groupMap.values().stream().flatMap(g -> g.deployments.stream()).toList();
        this.health = new HealthReports(config, monitor, admission, policy, all, time, parts.executor());
        monitor.start();
        this.interruptWatch = watchInterrupts(parts.resources().timer(), active);
        this.asyncChats = new AsyncChats(parts.executor());
    }

    /**
     * Every {@value #INTERRUPT_CHECK_MILLIS} ms, ends the requests whose blocked thread was
     * interrupted: a platform thread blocked in a socket read never notices an interrupt, and
     * polling one flag per blocked request is cheaper than a timer per call.
     */
    private static ScheduledFuture<?> watchInterrupts(ScheduledExecutorService timer, Set<RequestScope> active) {
        return timer.scheduleWithFixedDelay(() -> {
            for (RequestScope scope : active) {
                scope.checkInterrupt();
            }
        }, INTERRUPT_CHECK_MILLIS, INTERRUPT_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The admission control in use. */
    public AdmissionControl admission() {
        return admission;
    }

    /** The model group names, in configuration order. */
    public List<String> models() {
        return List.copyOf(parts.config().models().keySet());
    }

    /** The health reports (a snapshot stays readable after close: the final state of circuits and limits). */
    public HealthReports health() {
        return health;
    }

    /** A whole chat completion, routed, on the calling thread (an interrupt of it ends the call). */
    public ChatResponse chat(ChatRequest request) {
        refuseIfInterrupted();
        return chat(begin(request, false));
    }

    /**
     * A chat completion on the executor; cancelling the future cancels the call. A call still queued
     * for a worker when its request ends completes then, without running ({@link AsyncChats}).
     */
    public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
        RequestState st;
        try {
            st = begin(request, false);
        } catch (LlmRouterException e) {
            return CompletableFuture.failedFuture(e);
        }
        return asyncChats.start(st, this::chat, this::failed);
    }

    /** A routed stream, open once its first chunk has arrived (failing over until then). */
    public ChatStream stream(ChatRequest request) {
        refuseIfInterrupted();
        RequestState st = begin(request, true);
        st.scope.blockedOn(Thread.currentThread());
        try {
            Optional<ChatResponse> hit = cached(st);
            if (hit.isPresent()) {
                finished(st, hit.get(), null);
                return new CachedStream(hit.get());
            }
            Attempt.Opened opened = execute(st, attempt::open);
            return new RoutedStream(st, attempt, opened, this::finished);
        } catch (LlmRouterException e) {
            throw failed(st, e);
        } catch (RuntimeException | Error e) {
            st.scope.disarm();
            throw e;
        } finally {
            st.scope.unblocked();
        }
    }

    /** Runs a stream on the executor, calling the handler; exactly one of onComplete or onError ends it. */
    public void stream(ChatRequest request, StreamHandler handler) {
        Objects.requireNonNull(handler, "handler");
        try {
            parts.executor().execute(() -> new CallbackStream(this, handler).run(request));
        } catch (RejectedExecutionException e) {
            handler.onError(new RequestCancelledException("the router is closed", e));
        }
    }

    private ChatResponse chat(RequestState st) {
        st.scope.blockedOn(Thread.currentThread());
        try {
            Optional<ChatResponse> hit = cached(st);
            if (hit.isPresent()) {
                finished(st, hit.get(), null);
                return hit.get();
            }
            ChatResponse response = execute(st, attempt::chat);
            ChatResponse routed = response.toBuilder().route(st.route(false)).build();
            finished(st, routed, null);
            return routed;
        } catch (LlmRouterException e) {
            throw failed(st, e);
        } catch (RuntimeException | Error e) {
            st.scope.disarm();
            throw e;
        } finally {
            st.scope.unblocked();
        }
    }

    /**
     * A call made by an already interrupted thread ends at once, keeping the flag, as blocking JDK
     * calls do.
     */
    private static void refuseIfInterrupted() {
        if (Thread.currentThread().isInterrupted()) {
            throw new RequestCancelledException("the calling thread was interrupted", null);
        }
    }

    /**
     * Throws when the router is closed.
     *
     * @throws IllegalStateException when it is
     */
    public void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the router is closed");
        }
    }

    private RequestState begin(ChatRequest request, boolean streaming) {
        ensureOpen();
        Objects.requireNonNull(request, "request");
        ModelGroup group;
        try {
            group = resolver.resolve(request.model());
            request.options().fallbacks().ifPresent(chain -> chain.forEach(resolver::resolve));
        } catch (UnknownModelException e) {
            ApiAccess.get().withRoute(e, Route.builder(request.model(), "").build(), null);
            throw e;
        }
        RequestLimits limits = RequestLimits.of(parts.config().routerSettings(), request.options());
        RequestScope scope = new RequestScope(time, request.model(), limits.overall());
        RequestState st = new RequestState(request, group, streaming, limits, scope,
                parts.config().rateLimitSettings().defaultOutputTokens());
        scope.arm(parts.resources().timer(), active);
        return st;
    }

    /** The fallback loop: the requested group, then the chain the failure kind chooses. */
    private <T> T execute(RequestState st, GroupExecutor.Call<T> call) {
        Set<String> tried = new HashSet<>();
        ModelGroup group = st.group;
        tried.add(group.name);
        while (true) {
            try {
                return groups.run(st, group, call);
            } catch (LlmRouterException e) {
                if (st.scope.ended() != null) {
                    throw st.scope.ended();
                }
                Optional<ModelGroup> next = fallbacks.next(st, e, tried);
                if (next.isEmpty()) {
                    throw e;
                }
                events.fallback(st.info, group.name, next.get().name, e);
                group = next.get();
                st.fellBackTo(group.name);
            }
        }
    }

    private Optional<ChatResponse> cached(RequestState st) {
        if (!cacheable(st)) {
            return Optional.empty();
        }
        Optional<ChatResponse> hit = parts.cache().get(st.group.name, st.request);
        hit.ifPresent(r -> events.cacheHit(st.info, st.group.name, st.request));
        return hit.map(r -> r.toBuilder().route(st.route(true)).build());
    }

    private boolean cacheable(RequestState st) {
        return parts.cache() != null && st.request.options().cache().orElse(st.group.cache);
    }

    private void finished(RequestState st, ChatResponse response, LlmRouterException failure) {
        st.scope.disarm();
        if (response != null && !response.route().cacheHit() && cacheable(st)) {
            parts.cache().put(st.group.name, st.request, response);
        }
        events.completed(st.info, response != null ? response.route() : failure.route(), failure);
    }

    private LlmRouterException failed(RequestState st, LlmRouterException e) {
        LlmRouterException ended = st.scope.endedByNow();
        LlmRouterException f = st.fail(ended != null ? ended : e);
        finished(st, null, f);
        return f;
    }

    /**
     * Ends the requests still running (they fail with {@link RequestCancelledException}), stops
     * background probing and releases the executor, admission control and HTTP resources it owns.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        interruptWatch.cancel(false);
        monitor.close();
        // requests still running end now, before the deadline timer stops: none may hang on a dead timer
        for (RequestScope scope : active) {
            scope.cancel(new RequestCancelledException("the router was closed", null));
        }
        if (parts.ownsExecutor()) {
            parts.executor().shutdownNow();
        }
        asyncChats.close();
        if (ownsAdmission) {
            admission.close();
        }
        parts.resources().close();
        LOG.debug("router closed");
    }

    /** Runs one callback stream on a worker thread. */
    private record CallbackStream(RouterEngine engine, StreamHandler handler) {
        void run(ChatRequest request) {
            boolean ended = false;
            try (ChatStream s = engine.stream(request)) {
                for (ChatChunk c : s) {
                    handler.onChunk(c);
                }
                ChatResponse r = s.response();
                ended = true;
                handler.onComplete(r);
            } catch (LlmRouterException e) {
                if (!ended) {
                    handler.onError(e);
                }
            } catch (RuntimeException e) {
                if (!ended) {
                    handler.onError(new RequestCancelledException("the stream handler failed: " + e, e));
                } else {
                    LOG.warn("stream handler's onComplete failed", e);
                }
            }
        }
    }
}
