package dev.llmrouter.spring.observation;

import dev.llmrouter.RequestInfo;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.Route;
import dev.llmrouter.api.Usage;
import dev.llmrouter.spi.event.AttemptEndedEvent;
import dev.llmrouter.spi.event.AttemptStartedEvent;
import dev.llmrouter.spi.event.CacheHitEvent;
import dev.llmrouter.spi.event.RequestCompletedEvent;
import dev.llmrouter.spi.event.RouterListener;
import dev.llmrouter.spi.event.UsageEvent;
import dev.llmrouter.spi.routing.Deployment;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Observes the router through the Micrometer Observation API, so the application's handlers turn
 * it into meters and spans (instrument once):
 * <ul>
 *   <li>{@value #REQUEST}: one per request, child of the observation current on the thread that
 *       started it (the router's own threads carry it across, see {@link ObservationTaskDecorator});
 *       low-cardinality keys {@code gen_ai.operation.name}, {@code llmrouter.group},
 *       {@code llmrouter.outcome}, {@code llmrouter.fallback}, {@code llmrouter.cache.hit},
 *       {@code llmrouter.streaming}.</li>
 *   <li>{@value #OPERATION}: one per attempt on a deployment, a CLIENT child of the request
 *       observation, named so its timer is the GenAI {@code gen_ai.client.operation.duration};
 *       low-cardinality keys as {@link GenAiTags#of} plus {@code error.type},
 *       {@code llmrouter.deployment} and {@code llmrouter.outcome}; token counts as high-cardinality
 *       {@code gen_ai.usage.input_tokens}/{@code output_tokens} (span attributes only).</li>
 * </ul>
 * Every key is always present (with {@code none} when it does not apply), so each meter keeps one
 * set of tag keys. Thread-safe.
 */
public final class LlmRouterObservationListener implements RouterListener {
    /** The name of the per-request observation. */
    public static final String REQUEST = "llmrouter.request";
    /** The name of the per-attempt observation, and so of its timer. */
    public static final String OPERATION = "gen_ai.client.operation.duration";

    private final ObservationRegistry registry;
    private final ConcurrentMap<String, Observation> requests = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Observation> attempts = new ConcurrentHashMap<>();

    /** Observes into {@code registry}. */
    public LlmRouterObservationListener(ObservationRegistry registry) {
        this.registry = registry;
    }

    private Observation request(RequestInfo info) {
        return requests.computeIfAbsent(info.id(), id -> Observation.createNotStarted(REQUEST, registry)
                .parentObservation(registry.getCurrentObservation())
                .contextualName(GenAiTags.CHAT + " " + info.requestedModel())
                .lowCardinalityKeyValue(GenAiTags.OPERATION_NAME, GenAiTags.CHAT)
                .lowCardinalityKeyValue("llmrouter.streaming", Boolean.toString(info.streaming()))
                .lowCardinalityKeyValue("llmrouter.cache.hit", "false")
                .highCardinalityKeyValue("llmrouter.request.id", id)
                .highCardinalityKeyValue("llmrouter.requested_model", info.requestedModel())
                .start());
    }

    @Override
    public void onAttemptStarted(AttemptStartedEvent event) {
        RequestInfo request = event.request();
        Deployment d = event.deployment();
        Observation parent = request(request);
        SenderContext<Map<String, String>> context = new SenderContext<>((carrier, key, value) -> carrier.put(key, value),
                Kind.CLIENT);
        context.setCarrier(new HashMap<>());
        context.setRemoteServiceName(d.provider());
        Observation o = Observation.createNotStarted(OPERATION, () -> context, registry).parentObservation(parent)
                .contextualName(GenAiTags.CHAT + " " + d.model())
                .lowCardinalityKeyValues(GenAiTags.of(d, false))
                .lowCardinalityKeyValue(GenAiTags.ERROR_TYPE, "none")
                .lowCardinalityKeyValue("llmrouter.deployment", d.id())
                .lowCardinalityKeyValue("llmrouter.outcome", "none")
                .highCardinalityKeyValue("llmrouter.attempt", Integer.toString(event.attempt()))
                .start();
        attempts.put(key(request, d), o);
    }

    @Override
    public void onUsage(UsageEvent event) {
        Usage usage = event.usage();
        Observation o = attempts.get(key(event.request(), event.deployment()));
        if (o != null && !usage.isEmpty()) {
            o.highCardinalityKeyValue("gen_ai.usage.input_tokens", Long.toString(usage.promptTokens()));
            o.highCardinalityKeyValue("gen_ai.usage.output_tokens", Long.toString(usage.completionTokens()));
        }
    }

    @Override
    public void onAttemptEnded(AttemptEndedEvent event) {
        Deployment d = event.deployment();
        LlmRouterException failure = event.failure().orElse(null);
        Observation o = attempts.remove(key(event.request(), d));
        if (o == null) {
            return;
        }
        o.lowCardinalityKeyValues(GenAiTags.of(d, failure == null));
        o.lowCardinalityKeyValue("llmrouter.outcome", event.record().outcome().wireName());
        if (failure != null) {
            o.lowCardinalityKeyValue(KeyValue.of(GenAiTags.ERROR_TYPE, failure.getClass().getName()));
            o.error(failure);
        }
        o.stop();
    }

    @Override
    public void onCacheHit(CacheHitEvent event) {
        request(event.request()).lowCardinalityKeyValue("llmrouter.cache.hit", "true");
    }

    @Override
    public void onRequestCompleted(RequestCompletedEvent event) {
        RequestInfo info = event.request();
        Route route = event.route();
        LlmRouterException failure = event.failure().orElse(null);
        Observation o = request(info);
        requests.remove(info.id());
        o.lowCardinalityKeyValue("llmrouter.group", route.group().isEmpty() ? "none" : route.group())
                .lowCardinalityKeyValue("llmrouter.outcome", failure == null ? "success" : failure.failureKind().wireName())
                .lowCardinalityKeyValue("llmrouter.fallback", Boolean.toString(route.fellBack()))
                .highCardinalityKeyValue("llmrouter.deployment", route.deploymentId() == null ? "none" : route.deploymentId());
        if (failure != null) {
            o.error(failure);
        }
        o.stop();
    }

    private static String key(RequestInfo request, Deployment d) {
        return request.id() + '\n' + d.id();
    }
}
