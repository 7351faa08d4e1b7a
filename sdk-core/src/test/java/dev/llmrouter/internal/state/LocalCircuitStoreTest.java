package dev.llmrouter.internal.state;

import dev.llmrouter.spi.state.AttemptResult;
import dev.llmrouter.spi.state.CircuitStore;
import dev.llmrouter.spi.state.CircuitTransition;
import dev.llmrouter.spi.state.CircuitUpdate;
import dev.llmrouter.spi.state.CircuitPermit;
import dev.llmrouter.spi.state.CircuitPolicy;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spi.state.CircuitView;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.api.FailureKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Tag("unit")
class LocalCircuitStoreTest {
    private static final String D = "dep-a";
    /** 3 fails in 60 s open for 10 s; each failed probe doubles the cooldown, up to 40 s. */
    private static final CircuitPolicy POLICY = CircuitPolicy.builder().allowedFails(3)
            .failureWindow(Duration.ofSeconds(60)).cooldown(Duration.ofSeconds(10)).cooldownMultiplier(2.0)
            .maxCooldown(Duration.ofSeconds(40)).build();
    private static final AttemptResult SERVER_ERROR = AttemptResult.failed(FailureKind.SERVER_ERROR, null);

    private final ManualTimeSource clock = new ManualTimeSource();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Recording store = new Recording(new LocalCircuitStore(clock, Duration.ZERO));

    /** The store, noting every change its answers report, as the router emits them. */
    private final class Recording implements CircuitStore {
        private final CircuitStore inner;

        Recording(CircuitStore inner) {
            this.inner = inner;
        }

        private void note(String id, CircuitTransition t) {
            if (t != null) {
                events.add(id + ":" + t.from() + "->" + t.to() + ":" + t.cooldown().toSeconds());
            }
        }

        @Override
        public CircuitPermit tryAcquire(String id, CircuitPolicy policy) {
            CircuitPermit p = inner.tryAcquire(id, policy);
            note(id, p.transition());
            return p;
        }

        @Override
        public void release(String id, CircuitPermit permit) {
            inner.release(id, permit);
        }

        @Override
        public CircuitUpdate record(String id, CircuitPermit permit, AttemptResult result, CircuitPolicy policy) {
            CircuitUpdate u = inner.record(id, permit, result, policy);
            note(id, u.transition());
            return u;
        }

        @Override
        public CircuitView view(String id, CircuitPolicy policy) {
            return inner.view(id, policy);
        }
    }

    private void fail(AttemptResult result) {
        CircuitPermit p = store.tryAcquire(D, POLICY);
        assertThat(p.granted()).isTrue();
        store.record(D, p, result, POLICY);
    }

    private void trip() {
        for (int i = 0; i < POLICY.allowedFails(); i++) {
            fail(SERVER_ERROR);
        }
        assertThat(state()).isEqualTo(CircuitState.OPEN);
    }

    private CircuitState state() {
        return store.view(D, POLICY).state();
    }

    private long retryAfterSeconds() {
        CircuitPermit p = store.tryAcquire(D, POLICY);
        assertThat(p.granted()).isFalse();
        return Duration.ofNanos(p.retryAfterNanos()).toSeconds();
    }

    private CircuitPermit probeAfter(Duration wait) {
        clock.advance(wait);
        CircuitPermit p = store.tryAcquire(D, POLICY);
        assertThat(p.probe()).as("probe after %s", wait).isTrue();
        return p;
    }

    @Test
    void opensAtAllowedFailsWithinTheWindow() {
        fail(SERVER_ERROR);
        clock.advance(Duration.ofSeconds(5));
        fail(SERVER_ERROR);
        assertThat(store.view(D, POLICY)).isEqualTo(new CircuitView(CircuitState.CLOSED, 2, null));
        assertThat(store.tryAcquire(D, POLICY)).isSameAs(CircuitPermit.GRANTED);

        fail(SERVER_ERROR);

        CircuitView v = store.view(D, POLICY);
        assertThat(v.state()).isEqualTo(CircuitState.OPEN);
        assertThat(v.recoversAt()).contains(clock.now().plusSeconds(10));
        assertThat(retryAfterSeconds()).isEqualTo(10);
        assertThat(events).containsExactly(D + ":CLOSED->OPEN:10");
    }

    @Test
    void failuresOlderThanTheWindowDropOut() {
        fail(SERVER_ERROR);                      // t=0
        clock.advance(Duration.ofSeconds(30));
        fail(SERVER_ERROR);                      // t=30
        clock.advance(Duration.ofSeconds(30));   // t=60: the first is exactly one window old, out
        assertThat(store.view(D, POLICY).failuresInWindow()).isEqualTo(1);
        fail(SERVER_ERROR);                      // t=60: two in the window
        assertThat(state()).isEqualTo(CircuitState.CLOSED);

        clock.advance(Duration.ofSeconds(1));
        fail(SERVER_ERROR);                      // t=61: 30, 60, 61 lie within 60 s
        assertThat(state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void openSkipsWithNoCallUntilTheCooldownEnds() {
        trip();
        clock.advance(Duration.ofSeconds(4));
        assertThat(retryAfterSeconds()).isEqualTo(6);
        clock.advance(Duration.ofSeconds(6).minusNanos(1));
        CircuitPermit last = store.tryAcquire(D, POLICY);
        assertThat(last.granted()).isFalse();
        assertThat(last.retryAfterNanos()).isEqualTo(1);

        probeAfter(Duration.ofNanos(1));
        assertThat(state()).isEqualTo(CircuitState.HALF_OPEN);
    }

    @Test
    void halfOpenLetsExactlyOneProbeThroughAmong16RacingThreads() throws Exception {
        trip();
        clock.advance(Duration.ofSeconds(10));
        int threads = 16;
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<CircuitPermit>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    return store.tryAcquire(D, POLICY);
                }));
            }
            ready.await();
            start.countDown();
            int probes = 0;
            for (Future<CircuitPermit> f : answers) {
                CircuitPermit p = f.get(10, TimeUnit.SECONDS);
                if (p.probe()) {
                    probes++;
                } else {
                    assertThat(p.granted()).isFalse();
                    assertThat(p.retryAfterNanos()).isEqualTo(Duration.ofSeconds(10).toNanos());
                }
            }
            assertThat(probes).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void probeSuccessClosesAndResets() {
        trip();
        CircuitPermit probe = probeAfter(Duration.ofSeconds(10));
        store.record(D, probe, AttemptResult.SUCCESS, POLICY);

        assertThat(store.view(D, POLICY)).isEqualTo(CircuitView.CLOSED);
        assertThat(store.tryAcquire(D, POLICY)).isSameAs(CircuitPermit.GRANTED);
        // the tally starts from zero, and the next trip uses the base cooldown again
        fail(SERVER_ERROR);
        fail(SERVER_ERROR);
        assertThat(state()).isEqualTo(CircuitState.CLOSED);
        fail(SERVER_ERROR);
        assertThat(retryAfterSeconds()).isEqualTo(10);
        assertThat(events).containsExactly(D + ":CLOSED->OPEN:10", D + ":OPEN->HALF_OPEN:0",
                D + ":HALF_OPEN->CLOSED:0", D + ":CLOSED->OPEN:10");
    }

    @Test
    void probeFailureReopensWithTheCooldownGrownAndCapped() {
        trip();
        long cooldown = 10;
        for (long expected : new long[] {20, 40, 40}) {
            CircuitPermit probe = probeAfter(Duration.ofSeconds(cooldown));
            store.record(D, probe, SERVER_ERROR, POLICY);
            assertThat(state()).isEqualTo(CircuitState.OPEN);
            assertThat(retryAfterSeconds()).isEqualTo(expected);
            cooldown = expected;
        }
        assertThat(events).containsExactly(D + ":CLOSED->OPEN:10", D + ":OPEN->HALF_OPEN:0",
                D + ":HALF_OPEN->OPEN:20", D + ":OPEN->HALF_OPEN:0", D + ":HALF_OPEN->OPEN:40",
                D + ":OPEN->HALF_OPEN:0", D + ":HALF_OPEN->OPEN:40");
    }

    @Test
    void aSecondTripWhileOpenNeverShortensTheCooldown() {
        CircuitPermit inFlightShort = store.tryAcquire(D, POLICY);
        CircuitPermit inFlightLong = store.tryAcquire(D, POLICY);
        CircuitPermit inFlightPlain = store.tryAcquire(D, POLICY);
        trip();                                                   // open until t=10
        clock.advance(Duration.ofSeconds(1));

        store.record(D, inFlightShort, AttemptResult.failed(FailureKind.RATE_LIMITED, Duration.ofSeconds(2)), POLICY);
        assertThat(retryAfterSeconds()).as("a 2 s hint does not shorten a 10 s cooldown").isEqualTo(9);
        store.record(D, inFlightPlain, SERVER_ERROR, POLICY);
        assertThat(retryAfterSeconds()).as("an ordinary failure while open changes nothing").isEqualTo(9);

        store.record(D, inFlightLong, AttemptResult.failed(FailureKind.RATE_LIMITED, Duration.ofSeconds(30)), POLICY);
        assertThat(retryAfterSeconds()).as("a longer hint lengthens it").isEqualTo(30);
    }

    @ParameterizedTest
    @EnumSource(value = FailureKind.class, names = {"RATE_LIMITED", "QUOTA_EXHAUSTED", "AUTHENTICATION", "MODEL_NOT_FOUND"})
    void failuresThatOpenAtOnce(FailureKind kind) {
        assertThat(kind.opensCircuitImmediately()).isTrue();
        fail(AttemptResult.failed(kind, null));
        assertThat(state()).isEqualTo(CircuitState.OPEN);
        assertThat(retryAfterSeconds()).isEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(value = FailureKind.class, names = {"CONNECTION", "TIMEOUT", "SERVER_ERROR", "MALFORMED_RESPONSE",
        "STREAM_BROKEN", "STREAM_INTERRUPTED"})
    void countedFailuresThatWaitForAllowedFails(FailureKind kind) {
        fail(AttemptResult.failed(kind, Duration.ofSeconds(99)));
        fail(AttemptResult.failed(kind, null));
        assertThat(store.view(D, POLICY)).isEqualTo(new CircuitView(CircuitState.CLOSED, 2, null));
    }

    @Test
    void aRateLimitedCooldownIsTheServersHintCappedElseTheCooldown() {
        fail(AttemptResult.failed(FailureKind.RATE_LIMITED, Duration.ofSeconds(3)));
        assertThat(retryAfterSeconds()).as("a shorter hint is used as is for a 429").isEqualTo(3);

        closeViaProbe(Duration.ofSeconds(3));
        fail(AttemptResult.failed(FailureKind.RATE_LIMITED, Duration.ofSeconds(500)));
        assertThat(retryAfterSeconds()).as("capped at maxCooldown").isEqualTo(40);

        closeViaProbe(Duration.ofSeconds(40));
        fail(AttemptResult.failed(FailureKind.RATE_LIMITED, null));
        assertThat(retryAfterSeconds()).as("no hint: the cooldown").isEqualTo(10);
    }

    @Test
    void otherOpeningsTakeTheHintOnlyWhenLonger() {
        fail(AttemptResult.failed(FailureKind.AUTHENTICATION, Duration.ofSeconds(3)));
        assertThat(retryAfterSeconds()).isEqualTo(10);

        closeViaProbe(Duration.ofSeconds(10));
        fail(AttemptResult.failed(FailureKind.AUTHENTICATION, Duration.ofSeconds(25)));
        assertThat(retryAfterSeconds()).isEqualTo(25);

        closeViaProbe(Duration.ofSeconds(25));
        fail(AttemptResult.failed(FailureKind.SERVER_ERROR, null));
        fail(AttemptResult.failed(FailureKind.SERVER_ERROR, null));
        fail(AttemptResult.failed(FailureKind.SERVER_ERROR, Duration.ofMinutes(30)));
        assertThat(retryAfterSeconds()).as("the tripping failure's hint, capped").isEqualTo(40);
    }

    @Test
    void anUnsettledProbeLosesItsLeaseAndAnotherProbeMayGo() {
        trip();
        CircuitPermit lost = probeAfter(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10).minusNanos(1));
        CircuitPermit denied = store.tryAcquire(D, POLICY);
        assertThat(denied.granted()).isFalse();
        assertThat(denied.retryAfterNanos()).isEqualTo(1);

        CircuitPermit second = probeAfter(Duration.ofNanos(1));
        assertThat(second.probeLease()).isNotEqualTo(lost.probeLease());

        store.record(D, lost, SERVER_ERROR, POLICY);
        assertThat(state()).as("the expired lease no longer decides").isEqualTo(CircuitState.HALF_OPEN);
        store.record(D, second, AttemptResult.SUCCESS, POLICY);
        assertThat(state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void theProbeLeaseLastsAtLeastTheConfiguredMinimum() {
        LocalCircuitStore longLease = new LocalCircuitStore(clock, Duration.ofSeconds(30));
        for (int i = 0; i < 3; i++) {
            longLease.record(D, longLease.tryAcquire(D, POLICY), SERVER_ERROR, POLICY);
        }
        clock.advance(Duration.ofSeconds(10));
        assertThat(longLease.tryAcquire(D, POLICY).probe()).isTrue();
        CircuitPermit denied = longLease.tryAcquire(D, POLICY);
        assertThat(Duration.ofNanos(denied.retryAfterNanos())).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @EnumSource(value = FailureKind.class, names = {"CONTEXT_WINDOW", "CONTENT_POLICY", "INVALID_REQUEST", "CANCELLED"})
    void failuresThatDoNotCountChangeNothing(FailureKind kind) {
        for (int i = 0; i < 10; i++) {
            fail(AttemptResult.failed(kind, Duration.ofSeconds(30)));
        }
        assertThat(store.view(D, POLICY)).isEqualTo(CircuitView.CLOSED);
        assertThat(events).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = FailureKind.class, names = {"CONTEXT_WINDOW", "CONTENT_POLICY", "INVALID_REQUEST", "CANCELLED"})
    void aProbeThatEndsWithoutCountingIsReleasedWithoutDeciding(FailureKind kind) {
        trip();
        CircuitPermit probe = probeAfter(Duration.ofSeconds(10));
        store.record(D, probe, AttemptResult.failed(kind, null), POLICY);

        assertThat(state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(store.tryAcquire(D, POLICY).probe()).as("the next attempt may probe at once").isTrue();
        assertThat(events).containsExactly(D + ":CLOSED->OPEN:10", D + ":OPEN->HALF_OPEN:0");
    }

    @Test
    void aReleasedProbeLetsTheNextAttemptProbeAtOnce() {
        trip();
        CircuitPermit probe = probeAfter(Duration.ofSeconds(10));
        assertThat(store.tryAcquire(D, POLICY).granted()).isFalse();
        store.release(D, probe);
        assertThat(store.tryAcquire(D, POLICY).probe()).isTrue();
    }

    @Test
    void successesWhileClosedResetNothingTheWindowDoes() {
        fail(SERVER_ERROR);
        fail(SERVER_ERROR);
        store.record(D, store.tryAcquire(D, POLICY), AttemptResult.SUCCESS, POLICY);
        fail(SERVER_ERROR);
        assertThat(state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void staleSuccessesWhileOpenDoNotClose() {
        CircuitPermit inFlight = store.tryAcquire(D, POLICY);
        trip();
        store.record(D, inFlight, AttemptResult.SUCCESS, POLICY);
        assertThat(state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void recordAnswersWithTheStateAndHowLongUntilAnAttemptMayGo() {
        for (int i = 0; i < POLICY.allowedFails() - 1; i++) {
            assertThat(store.record(D, store.tryAcquire(D, POLICY), SERVER_ERROR, POLICY).state())
                    .isEqualTo(CircuitState.CLOSED);
        }
        CircuitUpdate opened = store.record(D, store.tryAcquire(D, POLICY), SERVER_ERROR, POLICY);
        assertThat(opened).isEqualTo(new CircuitUpdate(CircuitState.OPEN, Duration.ofSeconds(10).toNanos(),
                new CircuitTransition(CircuitState.CLOSED, CircuitState.OPEN, Duration.ofSeconds(10))));
        clock.advance(Duration.ofSeconds(4));
        CircuitPermit denied = store.tryAcquire(D, POLICY);
        assertThat(denied.state()).isEqualTo(CircuitState.OPEN);
        assertThat(denied.transition()).isNull();
        assertThat(Duration.ofNanos(denied.retryAfterNanos())).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void anUnknownDeploymentIsClosed() {
        assertThat(store.view("never-seen", POLICY)).isSameAs(CircuitView.CLOSED);
        assertThat(store.tryAcquire("never-seen", POLICY)).isSameAs(CircuitPermit.GRANTED);
    }

    private void closeViaProbe(Duration cooldown) {
        store.record(D, probeAfter(cooldown), AttemptResult.SUCCESS, POLICY);
        assertThat(state()).isEqualTo(CircuitState.CLOSED);
    }
}
