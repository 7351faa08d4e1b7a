package dev.llmrouter.internal.routing;

import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.RequestInfo;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.Route;
import dev.llmrouter.internal.ApiAccess;
import dev.llmrouter.internal.TokenEstimator;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything one request carries along the path: what was asked, its limits and deadline, its
 * token estimate, the deployments that failed it so far, and the route being written (attempts and
 * fallback groups). Routing state is touched by the request's one thread; the route is guarded by
 * a lock because a stream may be closed from another thread.
 */
final class RequestState {
    private static final AtomicLong IDS = new AtomicLong();

    final String id = "r" + IDS.incrementAndGet();
    final ChatRequest request;
    /** What listeners are told about the request (its id and the caller's metadata). */
    final RequestInfo info;
    final ModelGroup group;
    final boolean streaming;
    final RequestLimits limits;
    final RequestScope scope;
    final long promptTokens;
    final long outputTokens;
    /** Deployments whose attempt failed in this request: tried again only when no other remains. */
    final Set<Deployment> failed = new FailedSet();

    private final ReentrantLock lock = new ReentrantLock();
    private final List<AttemptRecord> attempts = new ArrayList<>(4);
    private final List<String> fallbackGroups = new ArrayList<>(2);
    private int attemptNumber;
    private long admissionNumber;
    private volatile Deployment last;
    /** The deployment whose attempt succeeded, once one did. */
    volatile Deployment answered;
    /** The model name that attempt sent (a wildcard group's deployment sends the name it matched). */
    private volatile String answeredModel;

    RequestState(ChatRequest request, ModelGroup group, boolean streaming, RequestLimits limits, RequestScope scope,
                 int defaultOutputTokens) {
        this.request = request;
        this.group = group;
        this.streaming = streaming;
        this.info = RequestInfo.of(id, request, streaming);
        this.limits = limits;
        this.scope = scope;
        this.promptTokens = TokenEstimator.prompt(request);
        this.outputTokens = request.maxTokens().isPresent() ? request.maxTokens().getAsInt() : defaultOutputTokens;
    }

    /** Tokens reserved against tpm before an attempt: prompt estimate + maximum output. */
    long reservedTokens() {
        return promptTokens + outputTokens;
    }

    /** The next attempt's number, from 1. */
    int nextAttemptNumber() {
        return ++attemptNumber;
    }

    /** A fresh id for one admission. */
    String nextAdmissionId() {
        return id + "-" + (++admissionNumber);
    }

    void record(Deployment d, AttemptRecord record) {
        last = d;
        lock.lock();
        try {
            attempts.add(record);
        } finally {
            lock.unlock();
        }
    }

    void fellBackTo(String group) {
        lock.lock();
        try {
            fallbackGroups.add(group);
        } finally {
            lock.unlock();
        }
    }

    /** Records that {@code d} answered, having been sent {@code model}. */
    void answered(Deployment d, String model) {
        answeredModel = model;
        answered = d;
    }

    /** The route so far, with the deployment that answered, if one did. */
    Route route(boolean cacheHit) {
        Deployment d = answered; // read before the model: answered(...) writes the model first
        return route(d, d == null ? null : answeredModel, cacheHit);
    }

    private Route route(Deployment answered, String model, boolean cacheHit) {
        lock.lock();
        try {
            Route.Builder b = Route.builder(request.model(), group.name);
            if (answered != null) {
                b.answeredBy(answered.id(), answered.provider(), model);
            }
            return b.attempts(attempts).fallbackGroups(fallbackGroups).cacheHit(cacheHit).build();
        } finally {
            lock.unlock();
        }
    }

    /** Attaches the route and the last deployment tried to {@code e}; returns it. */
    LlmRouterException fail(LlmRouterException e) {
        Deployment d = last;
        ApiAccess.get().withRoute(e, route(null, null, false), d == null ? null : d.id());
        return e;
    }

    /**
     * An identity set that allocates its table only when a first deployment fails: most requests
     * never add one, and this state is made per request.
     */
    private static final class FailedSet extends AbstractSet<Deployment> {
        private Set<Deployment> set = Set.of();

        @Override
        public boolean add(Deployment d) {
            if (set.isEmpty()) {
                set = Collections.newSetFromMap(new IdentityHashMap<>(4));
            }
            return set.add(d);
        }

        @Override
        public boolean contains(Object o) {
            return !set.isEmpty() && set.contains(o);
        }

        @Override
        public Iterator<Deployment> iterator() {
            return set.iterator();
        }

        @Override
        public int size() {
            return set.size();
        }
    }
}
