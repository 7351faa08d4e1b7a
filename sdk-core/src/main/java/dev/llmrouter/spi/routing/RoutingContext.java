package dev.llmrouter.spi.routing;

import dev.llmrouter.api.ChatRequest;
import java.util.OptionalDouble;
import java.util.random.RandomGenerator;

/**
 * What a {@link RoutingStrategy} may consult while choosing: the request and its token estimate,
 * and the live figures of each deployment. Each figure is read from memory in O(1). Valid only
 * during the {@link RoutingStrategy#choose} call it is passed to; used by one thread.
 */
public interface RoutingContext {

    /** The request being routed (its model is still the group or alias the caller named). */
    ChatRequest request();

    /** True when the request is streamed. */
    boolean streaming();

    /** The prompt's token estimate (characters / 4). */
    long promptTokens();

    /** The output tokens expected: the request's maximum, else the configured default reservation. */
    long outputTokens();

    /** Requests in flight on the deployment now. */
    int inFlight(Deployment deployment);

    /** The share of the deployment's rate limits still free now, 0 to 1 (1 when unlimited). */
    double headroom(Deployment deployment);

    /**
     * The deployment's moving-average latency in milliseconds: for a stream the time to its first
     * chunk (falling back to whole-call latency), else the whole call; empty before any sample.
     */
    OptionalDouble latencyMillis(Deployment deployment);

    /** The random source for weighted choices and tie-breaks. */
    RandomGenerator random();
}
