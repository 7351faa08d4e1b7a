package dev.llmrouter.resilience;

import static dev.llmrouter.resilience.LocalConcurrencyStoreTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.api.FailureKind;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.ratelimit.LimitScope;
import dev.llmrouter.ratelimit.LocalRateLimitStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LocalAdmissionControlTest {
    private static final CircuitPolicy POLICY = new CircuitPolicy(3, Duration.ofSeconds(60), Duration.ofSeconds(10),
            2.0, Duration.ofSeconds(40));
    private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(30);
    private static final AttemptResult SERVER_ERROR = AttemptResult.failed(FailureKind.SERVER_ERROR, null);

    private final ManualTimeSource clock = new ManualTimeSource();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final LocalCircuitStore circuits = new LocalCircuitStore(clock,
            (id, from, to, cooldown) -> events.add(id + ":" + from + "->" + to), Duration.ZERO);
    private final LocalRateLimitStore limits = new LocalRateLimitStore(clock);
    private final LocalConcurrencyStore slots = new LocalConcurrencyStore();
    private final LocalAdmissionControl control = new LocalAdmissionControl(circuits, limits, slots);
    private final AtomicInteger ids = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        pool.shutdownNow();
        control.close();
    }

    /** A request builder with defaults: deployment "a", provider "gpu", group "chat", no limits. */
    private final class Req {
        String id = "attempt-" + ids.incrementAndGet();
        String deployment = "a";
        RateLimit deploymentLimit = RateLimit.NONE;
        RateLimit groupLimit = RateLimit.NONE;
        String groupName = "chat";
        int providerCap;
        long tokens = 10;

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
            return new AdmissionRequest(id, deployment, "gpu", groupName, deploymentLimit, groupLimit, providerCap, 0,
                    tokens, POLICY);
        }

        Admission admit() throws InterruptedException {
            return control.admit(build(), 0);
        }

        Admission admit(long maxWait) throws InterruptedException {
            return control.admit(build(), maxWait);
        }
    }

    private Req req() {
        return new Req();
    }

    private void trip(String deployment) throws InterruptedException {
        for (int i = 0; i < POLICY.allowedFails(); i++) {
            control.settle(req().on(deployment).admit(), SERVER_ERROR, 0);
        }
        assertThat(control.circuit(deployment, POLICY).state()).isEqualTo(CircuitState.OPEN);
    }

    private Future<Admission> admitInBackground(Req r, long maxWait) {
        AdmissionRequest built = r.build();
        return pool.submit(() -> control.admit(built, maxWait));
    }

    @Test
    void aGrantReservesEveryPartAndSettlingGivesTheLeaseBack() throws Exception {
        Admission a = req().limit(new RateLimit(2, 1000)).tokens(400).cap(1).admit();
        assertThat(a.granted()).isTrue();
        assertThat(a.probe()).isFalse();
        assertThat(control.inFlight("a")).isEqualTo(1);
        assertThat(control.headroom("a", new RateLimit(2, 1000))).isCloseTo(0.5, within(1e-9));

        control.settle(a, AttemptResult.SUCCESS, 100);

        assertThat(control.inFlight("a")).isZero();
        // the request stays in the window; the 300 over-reserved tokens came back
        assertThat(control.headroom("a", new RateLimit(null, 1000))).isCloseTo(0.9, within(1e-9));
        assertThat(control.headroom("a", new RateLimit(2, null))).isCloseTo(0.5, within(1e-9));
        assertThat(control.headroom("a", null)).isEqualTo(1.0);
    }

    @Test
    void theCircuitTripsRecoversThroughOneProbeAndTellsTheListener() throws Exception {
        LocalAdmissionControl withListener = new LocalAdmissionControl(clock,
                (id, from, to, cooldown) -> events.add(id + ":" + from + "->" + to + ":" + cooldown.toSeconds()));
        for (int i = 0; i < 3; i++) {
            withListener.settle(withListener.admit(req().build(), 0), SERVER_ERROR, 0);
        }
        Admission open = withListener.admit(req().build(), 0);
        assertThat(open.denial()).isEqualTo(Admission.Denial.CIRCUIT_OPEN);
        assertThat(open.retryAfter()).isEqualTo(Duration.ofSeconds(10));

        clock.advance(Duration.ofSeconds(10));
        Admission probe = withListener.admit(req().build(), 0);
        assertThat(probe.probe()).isTrue();
        Admission second = withListener.admit(req().build(), 0);
        assertThat(second.denial()).isEqualTo(Admission.Denial.CIRCUIT_OPEN);
        assertThat(second.retryAfter()).as("until the probe's lease ends").isEqualTo(Duration.ofSeconds(30));

        withListener.settle(probe, AttemptResult.SUCCESS, 0);
        assertThat(withListener.circuit("a", POLICY)).isEqualTo(CircuitView.CLOSED);
        assertThat(events).containsExactly("a:CLOSED->OPEN:10", "a:OPEN->HALF_OPEN:0", "a:HALF_OPEN->CLOSED:0");
    }

    @Test
    void exactlyOneProbeIsAdmittedAmong16RacingThreads() throws Exception {
        trip("a");
        clock.advance(Duration.ofSeconds(10));
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Admission>> answers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            AdmissionRequest r = req().build();
            answers.add(pool.submit(() -> {
                start.await();
                return control.admit(r, 0);
            }));
        }
        start.countDown();
        int probes = 0;
        for (Future<Admission> f : answers) {
            Admission a = f.get(20, TimeUnit.SECONDS);
            if (a.granted()) {
                assertThat(a.probe()).isTrue();
                probes++;
            } else {
                assertThat(a.denial()).isEqualTo(Admission.Denial.CIRCUIT_OPEN);
            }
        }
        assertThat(probes).isEqualTo(1);
        assertThat(control.inFlight("a")).isEqualTo(1);
    }

    @Test
    void aGroupTpmDenialAfterTheCircuitGaveTheProbeGivesTheProbeBack() throws Exception {
        RateLimit groupTpm = new RateLimit(null, 500);
        trip("a");
        assertThat(req().on("b").group(groupTpm).tokens(500).admit().granted()).isTrue(); // the group is full
        clock.advance(Duration.ofSeconds(10));

        Admission denied = req().limit(new RateLimit(10, null)).group(groupTpm).tokens(100).admit();

        assertThat(denied.denial()).isEqualTo(Admission.Denial.GROUP_TPM);
        assertThat(denied.deniedByRateLimit()).isTrue();
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofSeconds(50));
        assertThat(control.headroom("a", new RateLimit(10, null))).as("deployment rpm refunded").isEqualTo(1.0);
        assertThat(control.circuit("a", POLICY).state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(req().admit().probe()).as("the probe was given back").isTrue();
    }

    @Test
    void aConcurrencyDenialRefundsTheRateReservationsAndTheProbe() throws Exception {
        RateLimit rpm2 = new RateLimit(2, null);
        trip("a");
        Admission holder = req().on("b").cap(1).admit();           // the provider's only slot
        clock.advance(Duration.ofSeconds(10));

        Admission denied = req().limit(rpm2).group(rpm2).cap(1).admit();

        assertThat(denied.denial()).isEqualTo(Admission.Denial.CONCURRENCY);
        assertThat(denied.retryAfter()).isZero();
        assertThat(control.headroom("a", rpm2)).isEqualTo(1.0);
        assertThat(limits.headroom(LimitScope.GROUP, "chat", rpm2)).isEqualTo(1.0);
        assertThat(control.inFlight("a")).isZero();
        control.settle(holder, AttemptResult.SUCCESS, 0);
        assertThat(req().limit(rpm2).group(rpm2).cap(1).admit().probe()).as("the probe was given back").isTrue();
    }

    @Test
    void eachPartThatSaysNoIsNamedWithItsWait() throws Exception {
        trip("open");
        clock.advance(Duration.ofSeconds(4));
        Admission circuit = req().on("open").admit();
        assertThat(circuit.denial()).isEqualTo(Admission.Denial.CIRCUIT_OPEN);
        assertThat(circuit.retryAfter()).as("until its recovery").isEqualTo(Duration.ofSeconds(6));
        assertThat(circuit.deniedByRateLimit()).isFalse();

        RateLimit rpm1 = new RateLimit(1, null);
        RateLimit tpm100 = new RateLimit(null, 100);
        req().on("r").limit(rpm1).admit();
        req().on("t").limit(tpm100).tokens(100).admit();
        req().on("g1").group(rpm1).admit();
        clock.advance(Duration.ofSeconds(5));
        assertDenied(req().on("r").limit(rpm1).admit(), Admission.Denial.DEPLOYMENT_RPM, 55);
        assertDenied(req().on("t").limit(tpm100).tokens(1).admit(), Admission.Denial.DEPLOYMENT_TPM, 55);
        assertDenied(req().on("g2").group(rpm1).admit(), Admission.Denial.GROUP_RPM, 55);
        assertThat(control.headroom("g2", RateLimit.NONE)).isEqualTo(1.0);

        RateLimit groupTpm = new RateLimit(null, 50);
        req().on("g3").group("tokens", groupTpm).tokens(50).admit();
        clock.advance(Duration.ofSeconds(1));
        assertDenied(req().on("g4").group("tokens", groupTpm).tokens(1).admit(), Admission.Denial.GROUP_TPM, 59);

        req().on("c1").cap(1).admit();
        assertDenied(req().on("c2").cap(1).admit(), Admission.Denial.CONCURRENCY, 0);
    }

    private static void assertDenied(Admission a, Admission.Denial denial, long seconds) {
        assertThat(a.granted()).isFalse();
        assertThat(a.denialValue()).contains(denial);
        assertThat(a.retryAfter()).isEqualTo(Duration.ofSeconds(seconds));
    }

    @Test
    void aRepeatedAdmitOfTheSameAttemptReturnsTheSameAnswerAndReservesOnce() throws Exception {
        RateLimit rpm2 = new RateLimit(2, null);
        Admission first = req().id("same").limit(rpm2).admit();
        Admission again = req().id("same").limit(rpm2).admit();

        assertThat(again).isSameAs(first);
        assertThat(control.inFlight("a")).isEqualTo(1);
        assertThat(control.headroom("a", rpm2)).isCloseTo(0.5, within(1e-9));

        control.settle(first, AttemptResult.SUCCESS, 0);
        assertThat(control.inFlight("a")).isZero();
    }

    @Test
    void racingDuplicatesOfOneAttemptShareOneDecision() throws Exception {
        RateLimit rpm10 = new RateLimit(10, null);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Admission>> answers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            AdmissionRequest r = req().id("dup").limit(rpm10).build();
            answers.add(pool.submit(() -> {
                start.await();
                return control.admit(r, LONG_WAIT);
            }));
        }
        start.countDown();
        Admission first = answers.get(0).get(20, TimeUnit.SECONDS);
        for (Future<Admission> f : answers) {
            assertThat(f.get(20, TimeUnit.SECONDS)).isSameAs(first);
        }
        assertThat(control.inFlight("a")).isEqualTo(1);
        assertThat(control.headroom("a", rpm10)).isCloseTo(0.9, within(1e-9));
    }

    @Test
    void aDuplicateWaitsForTheFirstAdmitStillWaitingForASlot() throws Exception {
        Admission holder = req().cap(1).admit();
        Future<Admission> first = admitInBackground(req().id("x").cap(1), LONG_WAIT);
        await(() -> slots.waiting("gpu") == 1, "the first admit of x queued");
        Future<Admission> duplicate = admitInBackground(req().id("x").cap(1), LONG_WAIT);
        assertThat(req().id("x").cap(1).admit().denial())
                .as("a duplicate that may not wait is not kept waiting").isEqualTo(Admission.Denial.CONCURRENCY);

        control.settle(holder, AttemptResult.SUCCESS, 0);

        Admission granted = first.get(20, TimeUnit.SECONDS);
        assertThat(granted.granted()).isTrue();
        assertThat(duplicate.get(20, TimeUnit.SECONDS)).isSameAs(granted);
        assertThat(control.inFlight("a")).isEqualTo(1);
    }

    @Test
    void afterADenialTheSameAttemptIsDecidedAfresh() throws Exception {
        RateLimit rpm1 = new RateLimit(1, null);
        req().limit(rpm1).admit();
        assertThat(req().id("retry").limit(rpm1).admit().granted()).isFalse();
        clock.advance(Duration.ofSeconds(60));
        assertThat(req().id("retry").limit(rpm1).admit().granted()).isTrue();
    }

    @Test
    void settlingTwiceActsOnce() throws Exception {
        RateLimit tpm = new RateLimit(null, 1000);
        Admission a = req().limit(tpm).tokens(100).cap(1).admit();
        control.settle(a, SERVER_ERROR, 600);
        control.settle(a, SERVER_ERROR, 600);
        control.settle(a, AttemptResult.SUCCESS, 0);

        assertThat(control.inFlight("a")).isZero();
        assertThat(slots.providerInFlight("gpu")).isZero();
        assertThat(control.circuit("a", POLICY).failuresInWindow()).isEqualTo(1);
        assertThat(req().limit(tpm).tokens(401).admit().granted()).as("600 charged once").isFalse();
        assertThat(req().limit(tpm).tokens(400).cap(1).admit().granted()).isTrue();
    }

    @Test
    void racingSettlementsActOnce() throws Exception {
        Admission a = req().cap(1).admit();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            done.add(pool.submit(() -> {
                start.await();
                control.settle(a, SERVER_ERROR, 0);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(20, TimeUnit.SECONDS);
        }
        assertThat(control.circuit("a", POLICY).failuresInWindow()).isEqualTo(1);
        assertThat(slots.providerInFlight("gpu")).isZero();
        assertThat(req().cap(1).admit().granted()).isTrue();
    }

    @Test
    void settlingADeniedAdmissionDoesNothing() throws Exception {
        Admission holder = req().cap(1).admit();
        Admission denied = req().cap(1).admit();
        control.settle(denied, SERVER_ERROR, 0);
        assertThat(control.inFlight("a")).isEqualTo(1);
        assertThat(control.circuit("a", POLICY)).isEqualTo(CircuitView.CLOSED);
        control.settle(holder, AttemptResult.SUCCESS, 0);
    }

    @Test
    void aWaiterHoldsNoLimiterRoomAndReservesWhenItGetsTheSlot() throws Exception {
        RateLimit rpm2 = new RateLimit(2, null);
        Admission holder = req().limit(rpm2).cap(1).admit();
        Future<Admission> waiter = admitInBackground(req().limit(rpm2).cap(1), LONG_WAIT);
        await(() -> slots.waiting("gpu") == 1, "the waiter queued");
        assertThat(control.headroom("a", rpm2)).as("only the holder's request").isCloseTo(0.5, within(1e-9));

        control.settle(holder, AttemptResult.SUCCESS, 0);

        assertThat(waiter.get(20, TimeUnit.SECONDS).granted()).isTrue();
        assertThat(control.headroom("a", rpm2)).isZero();
    }

    @Test
    void aWaiterWhoseCircuitOpenedMeanwhileIsDeniedAndHoldsNoSlot() throws Exception {
        Admission holder = req().cap(1).admit();
        Future<Admission> waiter = admitInBackground(req().cap(1), LONG_WAIT);
        await(() -> slots.waiting("gpu") == 1, "the waiter queued");

        control.settle(holder, AttemptResult.failed(FailureKind.AUTHENTICATION, null), 0);

        Admission a = waiter.get(20, TimeUnit.SECONDS);
        assertThat(a.denial()).isEqualTo(Admission.Denial.CIRCUIT_OPEN);
        assertThat(slots.providerInFlight("gpu")).isZero();
        assertThat(req().on("b").cap(1).admit().granted()).as("the slot is free").isTrue();
    }

    @Test
    void waitersAreAdmittedFirstComeFirstServed() throws Exception {
        Admission holder = req().cap(1).admit();
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int me = i;
            AdmissionRequest r = req().cap(1).build();
            done.add(pool.submit(() -> {
                Admission a = control.admit(r, LONG_WAIT);
                order.add(me);
                control.settle(a, AttemptResult.SUCCESS, 0);
                return null;
            }));
            await(() -> slots.waiting("gpu") == me + 1, (me + 1) + " queued");
        }
        control.settle(holder, AttemptResult.SUCCESS, 0);
        for (Future<?> f : done) {
            f.get(20, TimeUnit.SECONDS);
        }
        assertThat(order).containsExactly(0, 1, 2, 3);
    }

    @Test
    void anInterruptedAdmitReservesNothing() throws Exception {
        RateLimit rpm2 = new RateLimit(2, null);
        Admission holder = req().limit(rpm2).cap(1).admit();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AdmissionRequest r = req().id("interrupted").limit(rpm2).cap(1).build();
        Thread t = new Thread(() -> {
            try {
                control.admit(r, LONG_WAIT);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        await(() -> slots.waiting("gpu") == 1, "the admit queued");
        t.interrupt();
        t.join(TimeUnit.SECONDS.toMillis(20));

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(control.headroom("a", rpm2)).isCloseTo(0.5, within(1e-9));
        assertThat(control.inFlight("a")).isEqualTo(1);
        control.settle(holder, AttemptResult.SUCCESS, 0);
        assertThat(control.admit(r, 0).granted()).as("the same attempt id may be admitted afresh").isTrue();
    }

    @Test
    void aCancelledProbeIsReleasedWithoutDeciding() throws Exception {
        trip("a");
        clock.advance(Duration.ofSeconds(10));
        Admission probe = req().admit();
        assertThat(probe.probe()).isTrue();
        control.settle(probe, AttemptResult.failed(FailureKind.CANCELLED, null), -1);
        assertThat(control.circuit("a", POLICY).state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(req().admit().probe()).isTrue();
    }

    @Test
    void aFailedProbeReopensWithAGrownCooldown() throws Exception {
        trip("a");
        clock.advance(Duration.ofSeconds(10));
        control.settle(req().admit(), SERVER_ERROR, 0);
        Admission denied = req().admit();
        assertThat(denied.denial()).isEqualTo(Admission.Denial.CIRCUIT_OPEN);
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(control.circuit("a", POLICY).recoversAt()).contains(clock.now().plusSeconds(20));
    }

    @Test
    void denialsNeverLeakSlotsUnderContention() throws Exception {
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 300; i++) {
                        Admission a = req().on("d" + (i % 3)).cap(2).group(new RateLimit(1_000_000, null)).admit();
                        if (a.granted()) {
                            control.settle(a, i % 5 == 0 ? SERVER_ERROR : AttemptResult.SUCCESS, 1);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, pool));
        }
        start.countDown();
        CompletableFuture.allOf(done.toArray(new CompletableFuture[0])).get(30, TimeUnit.SECONDS);
        assertThat(slots.providerInFlight("gpu")).isZero();
        for (int d = 0; d < 3; d++) {
            assertThat(control.inFlight("d" + d)).isZero();
        }
        // d0..d2 may have tripped their circuits; fresh deployments on the same provider show the slots
        Admission a1 = req().on("fresh1").cap(2).admit();
        Admission a2 = req().on("fresh2").cap(2).admit();
        assertThat(a1.granted() && a2.granted()).as("both slots are free").isTrue();
    }
}
