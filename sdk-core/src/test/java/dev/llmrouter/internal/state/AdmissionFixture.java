package dev.llmrouter.internal.state;

import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.AdmissionRequest;
import dev.llmrouter.spi.state.AttemptResult;
import dev.llmrouter.spi.state.CircuitPolicy;
import dev.llmrouter.spi.state.CircuitState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.api.FailureKind;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.internal.state.LocalRateLimitStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link LocalAdmissionControl} over inspectable local stores on a manual clock, and a request builder. */
final class AdmissionFixture implements AutoCloseable {
    /** 3 fails in 60 s open for 10 s; failed probes double it up to 40 s. */
    static final CircuitPolicy POLICY = CircuitPolicy.builder().allowedFails(3).failureWindow(Duration.ofSeconds(60))
            .cooldown(Duration.ofSeconds(10)).cooldownMultiplier(2.0).maxCooldown(Duration.ofSeconds(40)).build();
    static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(30);
    static final AttemptResult SERVER_ERROR = AttemptResult.failed(FailureKind.SERVER_ERROR, null);

    final ManualTimeSource clock = new ManualTimeSource();
    final List<String> events = new CopyOnWriteArrayList<>();
    final LocalCircuitStore circuits = new LocalCircuitStore(clock, Duration.ZERO);
    final LocalRateLimitStore limits = new LocalRateLimitStore(clock);
    final LocalConcurrencyStore slots = new LocalConcurrencyStore();
    final LocalAdmissionControl control = new LocalAdmissionControl(circuits, limits, slots);
    final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicInteger ids = new AtomicInteger();

    /** A new request: a fresh attempt id, deployment "a", provider "gpu", group "chat", no limits, 10 tokens. */
    Req req() {
        return new Req();
    }

    /** Opens {@code deployment}'s circuit with {@code allowedFails} failures. */
    void trip(String deployment) throws InterruptedException {
        for (int i = 0; i < POLICY.allowedFails(); i++) {
            control.settle(req().on(deployment).admit(), SERVER_ERROR, 0);
        }
        assertThat(control.circuit(deployment, POLICY).state()).isEqualTo(CircuitState.OPEN);
    }

    Future<Admission> admitInBackground(Req r, long maxWait) {
        AdmissionRequest built = r.build();
        return pool.submit(() -> control.admit(built, maxWait));
    }

    @Override
    public void close() {
        pool.shutdownNow();
        control.close();
    }

    /** Builds and admits one request. */
    final class Req {
        private String id = "attempt-" + ids.incrementAndGet();
        private String deployment = "a";
        private RateLimit deploymentLimit = RateLimit.NONE;
        private RateLimit groupLimit = RateLimit.NONE;
        private String groupName = "chat";
        private int providerCap;
        private long tokens = 10;

        Req id(String v) {
            id = v;
            return this;
        }

        Req on(String v) {
            deployment = v;
            return this;
        }

        Req limit(RateLimit v) {
            deploymentLimit = v;
            return this;
        }

        Req group(RateLimit v) {
            groupLimit = v;
            return this;
        }

        Req group(String name, RateLimit v) {
            groupName = name;
            groupLimit = v;
            return this;
        }

        Req cap(int v) {
            providerCap = v;
            return this;
        }

        Req tokens(long v) {
            tokens = v;
            return this;
        }

        AdmissionRequest build() {
            return AdmissionRequest.builder(id, deployment, "gpu", groupName).deploymentLimit(deploymentLimit)
                    .groupLimit(groupLimit).providerMaxParallel(providerCap).reservedTokens(tokens).circuit(POLICY).build();
        }

        Admission admit() throws InterruptedException {
            return control.admit(build(), 0);
        }
    }
}
