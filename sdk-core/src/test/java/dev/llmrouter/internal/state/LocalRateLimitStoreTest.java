package dev.llmrouter.internal.state;

import dev.llmrouter.spi.state.LimitScope;
import dev.llmrouter.spi.state.RateReservation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.config.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LocalRateLimitStoreTest {
    private static final LimitScope DEP = LimitScope.DEPLOYMENT;
    private final ManualTimeSource clock = new ManualTimeSource();
    private final LocalRateLimitStore store = new LocalRateLimitStore(clock);

    private RateReservation reserve(String key, RateLimit limit, long tokens) {
        return store.tryReserve(DEP, key, limit, tokens);
    }

    private static Duration wait(RateReservation r) {
        return Duration.ofNanos(r.retryAfterNanos());
    }

    @Test
    void rpmFiveAdmitsFiveAtOnceThenDeniesUntilTheOldestLeaves() {
        RateLimit rpm5 = new RateLimit(5, null);
        clock.advance(Duration.ofMillis(300)); // a burst in the middle of a bucket
        for (int i = 0; i < 5; i++) {
            assertThat(reserve("d", rpm5, 0).granted()).isTrue();
        }
        RateReservation sixth = reserve("d", rpm5, 0);
        assertThat(sixth.granted()).isFalse();
        assertThat(sixth.denial()).isEqualTo(RateReservation.Limit.RPM);
        assertThat(wait(sixth)).isEqualTo(Duration.ofSeconds(60));

        clock.advance(Duration.ofSeconds(15));
        assertThat(wait(reserve("d", rpm5, 0))).isEqualTo(Duration.ofSeconds(45));
        clock.advance(Duration.ofSeconds(45).minusNanos(1));
        assertThat(wait(reserve("d", rpm5, 0))).isEqualTo(Duration.ofNanos(1));

        clock.advance(Duration.ofNanos(1));
        for (int i = 0; i < 5; i++) {
            assertThat(reserve("d", rpm5, 0).granted()).as("request %d after the burst left", i).isTrue();
        }
        assertThat(reserve("d", rpm5, 0).granted()).isFalse();
    }

    @Test
    void spreadRequestsComeBackOneByOneAsEachLeaves() {
        RateLimit rpm5 = new RateLimit(5, null);
        for (int i = 0; i < 5; i++) {
            assertThat(reserve("d", rpm5, 0).granted()).isTrue();
            clock.advance(Duration.ofSeconds(10));
        }
        // t=50: requests at 0, 10, 20, 30, 40
        assertThat(wait(reserve("d", rpm5, 0))).isEqualTo(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        assertThat(reserve("d", rpm5, 0).granted()).isTrue();
        assertThat(wait(reserve("d", rpm5, 0))).as("next one leaves at 70").isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void noWindowStartingAnywhereHoldsMoreThanTheLimit() {
        // the fixed-minute failure: 5 at 0:59 and 5 at 1:00 would be 10 within two seconds
        RateLimit rpm5 = new RateLimit(5, null);
        clock.advance(Duration.ofSeconds(59));
        for (int i = 0; i < 5; i++) {
            assertThat(reserve("d", rpm5, 0).granted()).isTrue();
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(reserve("d", rpm5, 0).granted()).isFalse();
        clock.advance(Duration.ofSeconds(58));
        assertThat(reserve("d", rpm5, 0).granted()).isFalse();
    }

    @Test
    void tpmReservationIsRefundedOrChargedInItsOwnSlot() {
        RateLimit tpm = new RateLimit(null, 1000);
        RateReservation first = reserve("d", tpm, 600);          // t=0
        clock.advance(Duration.ofSeconds(10));
        RateReservation tooMuch = reserve("d", tpm, 600);
        assertThat(tooMuch.denial()).isEqualTo(RateReservation.Limit.TPM);
        assertThat(wait(tooMuch)).isEqualTo(Duration.ofSeconds(50));

        store.reconcile(first, 300);                              // refund 300
        RateReservation second = reserve("d", tpm, 600);          // t=10, 900 in the window
        assertThat(second.granted()).isTrue();
        assertThat(reserve("d", tpm, 101).granted()).isFalse();

        store.reconcile(second, 700);                             // charge 100: 1000 in the window
        RateReservation one = reserve("d", tpm, 1);
        assertThat(one.granted()).isFalse();
        assertThat(wait(one)).as("the first (300) leaves at 60").isEqualTo(Duration.ofSeconds(50));

        clock.advance(Duration.ofSeconds(50));                    // t=60: only the second's 700 left
        assertThat(reserve("d", tpm, 300).granted()).isTrue();
        assertThat(reserve("d", tpm, 1).granted()).isFalse();
    }

    @Test
    void reconcilingAfterTheSlotLeftTheWindowChangesNothing() {
        RateLimit tpm = new RateLimit(null, 1000);
        RateReservation old = reserve("d", tpm, 100);
        clock.advance(Duration.ofSeconds(120));
        RateReservation now = reserve("d", tpm, 900);
        store.reconcile(old, 5000);
        assertThat(now.granted()).isTrue();
        assertThat(reserve("d", tpm, 100).granted()).isTrue();
    }

    @Test
    void unknownUsageKeepsTheReservation() {
        RateLimit tpm = new RateLimit(null, 1000);
        RateReservation r = reserve("d", tpm, 800);
        store.reconcile(r, -1);
        assertThat(reserve("d", tpm, 201).granted()).isFalse();
        assertThat(reserve("d", tpm, 200).granted()).isTrue();
    }

    @Test
    void cancelTakesBackTheRequestAndItsTokens() {
        RateLimit both = new RateLimit(1, 100);
        RateReservation r = reserve("d", both, 100);
        assertThat(reserve("d", both, 1).granted()).isFalse();
        store.cancel(r);
        assertThat(reserve("d", both, 100).granted()).isTrue();
    }

    @Test
    void aGroupKeyIsSharedByAllItsDeploymentsAndSeparateFromDeploymentKeys() {
        RateLimit rpm3 = new RateLimit(3, null);
        assertThat(store.tryReserve(LimitScope.GROUP, "chat", rpm3, 0).granted()).isTrue();
        assertThat(store.tryReserve(LimitScope.GROUP, "chat", rpm3, 0).granted()).isTrue();
        assertThat(store.tryReserve(LimitScope.GROUP, "chat", rpm3, 0).granted()).isTrue();
        assertThat(store.tryReserve(LimitScope.GROUP, "chat", rpm3, 0).granted()).isFalse();
        assertThat(store.tryReserve(LimitScope.GROUP, "other", rpm3, 0).granted()).isTrue();
        assertThat(store.tryReserve(DEP, "chat", rpm3, 0).granted()).as("a deployment named like the group").isTrue();
    }

    @Test
    void theDenialNamesTheLimitThatBindsLongest() {
        RateLimit both = new RateLimit(10, 1000);
        reserve("d", both, 900);
        clock.advance(Duration.ofSeconds(20));
        RateReservation r = reserve("d", both, 200);
        assertThat(r.denial()).isEqualTo(RateReservation.Limit.TPM);
        assertThat(wait(r)).isEqualTo(Duration.ofSeconds(40));

        RateLimit rpm2 = new RateLimit(2, 1000);
        reserve("e", rpm2, 900);                     // t=20
        clock.advance(Duration.ofSeconds(10));
        reserve("e", rpm2, 0);                       // t=30
        clock.advance(Duration.ofSeconds(10));
        store.tryReserve(DEP, "e", new RateLimit(5, null), 0); // t=40, a third request
        RateReservation r2 = reserve("e", rpm2, 200);
        assertThat(r2.denial()).as("tpm frees at 80, rpm only at 90").isEqualTo(RateReservation.Limit.RPM);
        assertThat(wait(r2)).isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void aReservationLargerThanTheWholeTpmIsClampedAndWaitsForAnEmptyWindow() {
        RateLimit tpm = new RateLimit(null, 1000);
        RateReservation small = reserve("d", tpm, 10);
        RateReservation big = reserve("d", tpm, 5000);
        assertThat(big.granted()).isFalse();
        assertThat(wait(big)).isEqualTo(Duration.ofSeconds(60));
        store.cancel(small);
        big = reserve("d", tpm, 5000);
        assertThat(big.granted()).isTrue();
        assertThat(big.tokens()).isEqualTo(1000);
    }

    @Test
    void aZeroLimitAdmitsNothing() {
        RateReservation r = reserve("d", new RateLimit(0, null), 0);
        assertThat(r.denial()).isEqualTo(RateReservation.Limit.RPM);
        assertThat(wait(r)).isEqualTo(Duration.ofSeconds(60));
        assertThat(reserve("d", new RateLimit(null, 0), 0).denial()).isEqualTo(RateReservation.Limit.TPM);
    }

    @Test
    void noLimitsRecordNothing() {
        RateReservation r = reserve("d", RateLimit.NONE, 10_000);
        assertThat(r).isSameAs(RateReservation.UNLIMITED);
        store.reconcile(r, 99);
        store.cancel(r);
        assertThat(store.headroom(DEP, "d", RateLimit.NONE)).isEqualTo(1.0);
    }

    @Test
    void headroomIsTheSmallerFreeShare() {
        RateLimit both = new RateLimit(10, 1000);
        assertThat(store.headroom(DEP, "d", both)).isEqualTo(1.0);
        reserve("d", both, 500);
        reserve("d", both, 100);
        assertThat(store.headroom(DEP, "d", both)).isCloseTo(0.4, within(1e-9));
        clock.advance(Duration.ofSeconds(60));
        assertThat(store.headroom(DEP, "d", both)).isEqualTo(1.0);
    }

    @Test
    void racingThreadsNeverAdmitMoreThanTheLimit() throws Exception {
        RateLimit limit = new RateLimit(100, 10_000);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                counts.add(pool.submit(() -> {
                    start.await();
                    int granted = 0;
                    for (int i = 0; i < 500; i++) {
                        RateReservation r = store.tryReserve(LimitScope.GROUP, "g", limit, 30);
                        if (r.granted()) {
                            granted++;
                            if (i % 3 == 0) {
                                store.reconcile(r, 30);
                            }
                        }
                    }
                    return granted;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : counts) {
                total += f.get(30, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(100);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anIdleKeyForgetsEverythingAfterAWindow() {
        RateLimit rpm2 = new RateLimit(2, null);
        reserve("d", rpm2, 0);
        reserve("d", rpm2, 0);
        clock.advance(Duration.ofHours(5));
        assertThat(reserve("d", rpm2, 0).granted()).isTrue();
        assertThat(reserve("d", rpm2, 0).granted()).isTrue();
        assertThat(reserve("d", rpm2, 0).granted()).isFalse();
    }
}
