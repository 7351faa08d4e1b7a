package dev.llmrouter.internal.state;

import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.AdmissionRequest;
import dev.llmrouter.spi.state.AttemptResult;
import dev.llmrouter.spi.state.CircuitView;
import static dev.llmrouter.internal.state.AdmissionFixture.LONG_WAIT;
import static dev.llmrouter.internal.state.AdmissionFixture.POLICY;
import static dev.llmrouter.internal.state.AdmissionFixture.SERVER_ERROR;
import static dev.llmrouter.internal.state.LocalConcurrencyStoreTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmrouter.api.FailureKind;
import dev.llmrouter.config.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The admission step under concurrency: idempotent admit, exactly-once settle, fair waiting, interruption. */
@Tag("unit")
class LocalAdmissionControlConcurrencyTest {
    private final AdmissionFixture f = new AdmissionFixture();

    @AfterEach
    void stopThreads() {
        f.close();
    }

    @Test
    void aRepeatedAdmitOfTheSameAttemptReturnsTheSameAnswerAndReservesOnce() throws Exception {
        RateLimit rpm2 = new RateLimit(2, null);
        Admission first = f.req().id("same").limit(rpm2).admit();
        Admission again = f.req().id("same").limit(rpm2).admit();

        assertThat(again).isSameAs(first);
        assertThat(f.control.inFlight("a")).isEqualTo(1);
        assertThat(f.control.headroom("a", rpm2)).isCloseTo(0.5, within(1e-9));

        f.control.settle(first, AttemptResult.SUCCESS, 0);
        assertThat(f.control.inFlight("a")).isZero();
    }

    @Test
    void racingDuplicatesOfOneAttemptShareOneDecision() throws Exception {
        RateLimit rpm10 = new RateLimit(10, null);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Admission>> answers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            AdmissionRequest r = f.req().id("dup").limit(rpm10).build();
            answers.add(f.pool.submit(() -> {
                start.await();
                return f.control.admit(r, LONG_WAIT);
            }));
        }
        start.countDown();
        Admission first = answers.get(0).get(20, TimeUnit.SECONDS);
        for (Future<Admission> f : answers) {
            assertThat(f.get(20, TimeUnit.SECONDS)).isSameAs(first);
        }
        assertThat(f.control.inFlight("a")).isEqualTo(1);
        assertThat(f.control.headroom("a", rpm10)).isCloseTo(0.9, within(1e-9));
    }

    @Test
    void aDuplicateWaitsForTheFirstAdmitStillWaitingForASlot() throws Exception {
        Admission holder = f.req().cap(1).admit();
        Future<Admission> first = f.admitInBackground(f.req().id("x").cap(1), LONG_WAIT);
        await(() -> f.slots.waiting("gpu") == 1, "the first admit of x queued");
        Future<Admission> duplicate = f.admitInBackground(f.req().id("x").cap(1), LONG_WAIT);
        assertThat(f.req().id("x").cap(1).admit().denial())
                .as("a duplicate that may not wait is not kept waiting").isEqualTo(Admission.Denial.CONCURRENCY);

        f.control.settle(holder, AttemptResult.SUCCESS, 0);

        Admission granted = first.get(20, TimeUnit.SECONDS);
        assertThat(granted.granted()).isTrue();
        assertThat(duplicate.get(20, TimeUnit.SECONDS)).isSameAs(granted);
        assertThat(f.control.inFlight("a")).isEqualTo(1);
    }

    @Test
    void afterADenialTheSameAttemptIsDecidedAfresh() throws Exception {
        RateLimit rpm1 = new RateLimit(1, null);
        f.req().limit(rpm1).admit();
        assertThat(f.req().id("retry").limit(rpm1).admit().granted()).isFalse();
        f.clock.advance(Duration.ofSeconds(60));
        assertThat(f.req().id("retry").limit(rpm1).admit().granted()).isTrue();
    }

    @Test
    void settlingTwiceActsOnce() throws Exception {
        RateLimit tpm = new RateLimit(null, 1000);
        Admission a = f.req().limit(tpm).tokens(100).cap(1).admit();
        f.control.settle(a, SERVER_ERROR, 600);
        f.control.settle(a, SERVER_ERROR, 600);
        f.control.settle(a, AttemptResult.SUCCESS, 0);

        assertThat(f.control.inFlight("a")).isZero();
        assertThat(f.slots.providerInFlight("gpu")).isZero();
        assertThat(f.control.circuit("a", POLICY).failuresInWindow()).isEqualTo(1);
        assertThat(f.req().limit(tpm).tokens(401).admit().granted()).as("600 charged once").isFalse();
        assertThat(f.req().limit(tpm).tokens(400).cap(1).admit().granted()).isTrue();
    }

    @Test
    void racingSettlementsActOnce() throws Exception {
        Admission a = f.req().cap(1).admit();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            done.add(f.pool.submit(() -> {
                start.await();
                f.control.settle(a, SERVER_ERROR, 0);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(20, TimeUnit.SECONDS);
        }
        assertThat(f.control.circuit("a", POLICY).failuresInWindow()).isEqualTo(1);
        assertThat(f.slots.providerInFlight("gpu")).isZero();
        assertThat(f.req().cap(1).admit().granted()).isTrue();
    }

    @Test
    void settlingADeniedAdmissionDoesNothing() throws Exception {
        Admission holder = f.req().cap(1).admit();
        Admission denied = f.req().cap(1).admit();
        f.control.settle(denied, SERVER_ERROR, 0);
        assertThat(f.control.inFlight("a")).isEqualTo(1);
        assertThat(f.control.circuit("a", POLICY)).isEqualTo(CircuitView.CLOSED);
        f.control.settle(holder, AttemptResult.SUCCESS, 0);
    }

    @Test
    void aWaiterHoldsNoLimiterRoomAndReservesWhenItGetsTheSlot() throws Exception {
        RateLimit rpm2 = new RateLimit(2, null);
        Admission holder = f.req().limit(rpm2).cap(1).admit();
        Future<Admission> waiter = f.admitInBackground(f.req().limit(rpm2).cap(1), LONG_WAIT);
        await(() -> f.slots.waiting("gpu") == 1, "the waiter queued");
        assertThat(f.control.headroom("a", rpm2)).as("only the holder's request").isCloseTo(0.5, within(1e-9));

        f.control.settle(holder, AttemptResult.SUCCESS, 0);

        assertThat(waiter.get(20, TimeUnit.SECONDS).granted()).isTrue();
        assertThat(f.control.headroom("a", rpm2)).isZero();
    }

    @Test
    void aWaiterWhoseCircuitOpenedMeanwhileIsDeniedAndHoldsNoSlot() throws Exception {
        Admission holder = f.req().cap(1).admit();
        Future<Admission> waiter = f.admitInBackground(f.req().cap(1), LONG_WAIT);
        await(() -> f.slots.waiting("gpu") == 1, "the waiter queued");

        f.control.settle(holder, AttemptResult.failed(FailureKind.AUTHENTICATION, null), 0);

        Admission a = waiter.get(20, TimeUnit.SECONDS);
        assertThat(a.denial()).isEqualTo(Admission.Denial.CIRCUIT_OPEN);
        assertThat(f.slots.providerInFlight("gpu")).isZero();
        assertThat(f.req().on("b").cap(1).admit().granted()).as("the slot is free").isTrue();
    }

    @Test
    void waitersAreAdmittedFirstComeFirstServed() throws Exception {
        Admission holder = f.req().cap(1).admit();
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int me = i;
            AdmissionRequest r = f.req().cap(1).build();
            done.add(f.pool.submit(() -> {
                Admission a = f.control.admit(r, LONG_WAIT);
                order.add(me);
                f.control.settle(a, AttemptResult.SUCCESS, 0);
                return null;
            }));
            await(() -> f.slots.waiting("gpu") == me + 1, (me + 1) + " queued");
        }
        f.control.settle(holder, AttemptResult.SUCCESS, 0);
        for (Future<?> f : done) {
            f.get(20, TimeUnit.SECONDS);
        }
        assertThat(order).containsExactly(0, 1, 2, 3);
    }

    @Test
    void anInterruptedAdmitReservesNothing() throws Exception {
        RateLimit rpm2 = new RateLimit(2, null);
        Admission holder = f.req().limit(rpm2).cap(1).admit();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AdmissionRequest r = f.req().id("interrupted").limit(rpm2).cap(1).build();
        Thread t = new Thread(() -> {
            try {
                f.control.admit(r, LONG_WAIT);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        await(() -> f.slots.waiting("gpu") == 1, "the admit queued");
        t.interrupt();
        t.join(TimeUnit.SECONDS.toMillis(20));

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(f.control.headroom("a", rpm2)).isCloseTo(0.5, within(1e-9));
        assertThat(f.control.inFlight("a")).isEqualTo(1);
        f.control.settle(holder, AttemptResult.SUCCESS, 0);
        assertThat(f.control.admit(r, 0).granted()).as("the same attempt id may be admitted afresh").isTrue();
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
                        Admission a = f.req().on("d" + (i % 3)).cap(2).group(new RateLimit(1_000_000, null)).admit();
                        if (a.granted()) {
                            f.control.settle(a, i % 5 == 0 ? SERVER_ERROR : AttemptResult.SUCCESS, 1);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, f.pool));
        }
        start.countDown();
        CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        assertThat(f.slots.providerInFlight("gpu")).isZero();
        for (int d = 0; d < 3; d++) {
            assertThat(f.control.inFlight("d" + d)).isZero();
        }
        // d0..d2 may have tripped their circuits; fresh deployments on the same provider show the f.slots
        Admission a1 = f.req().on("fresh1").cap(2).admit();
        Admission a2 = f.req().on("fresh2").cap(2).admit();
        assertThat(a1.granted() && a2.granted()).as("both f.slots are free").isTrue();
    }
}
