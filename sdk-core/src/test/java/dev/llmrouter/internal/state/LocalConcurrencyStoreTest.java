package dev.llmrouter.internal.state;

import dev.llmrouter.spi.state.ConcurrencyLease;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LocalConcurrencyStoreTest {
    private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(30);
    private final LocalConcurrencyStore store = new LocalConcurrencyStore();

    private ConcurrencyLease take(String id, String deployment, int providerCap, int deploymentCap, long wait)
            throws InterruptedException {
        return store.acquire(id, "gpu", providerCap, deployment, deploymentCap, wait);
    }

    /** Waits (spinning, no sleep) for a condition other threads bring about. */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void waitersAcquireInTheOrderTheyQueued() throws Exception {
        ConcurrencyLease held = take("first", "d", 1, 0, 0);
        assertThat(held).isNotNull();
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        int waiters = 6;
        for (int i = 0; i < waiters; i++) {
            int me = i;
            Thread t = new Thread(() -> {
                try {
                    ConcurrencyLease l = take("w" + me, "d", 1, 0, LONG_WAIT);
                    order.add(me);
                    store.release(l);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "waiter-" + i);
            t.start();
            threads.add(t);
            int queued = i + 1;
            await(() -> store.waiting("gpu") == queued, queued + " queued");
        }
        store.release(held);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(20));
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(store.providerInFlight("gpu")).isZero();
    }

    @Test
    void noWaitNeverJumpsAheadOfAQueuedWaiter() throws Exception {
        ConcurrencyLease held = take("first", "d", 1, 0, 0);
        CompletableFuture<ConcurrencyLease> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return take("waiter", "d", 1, 0, LONG_WAIT);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await(() -> store.waiting("gpu") == 1, "the waiter queued");
        store.release(held);
        assertThat(take("barger", "d", 1, 0, 0)).isNull();
        ConcurrencyLease l = waiter.get(20, TimeUnit.SECONDS);
        assertThat(l.leaseId()).isEqualTo("waiter");
        store.release(l);
    }

    @Test
    void aFullPoolDeniesAfterTheWaitAndHoldsNothing() throws Exception {
        ConcurrencyLease held = take("first", "d", 1, 0, 0);
        assertThat(take("now", "d", 1, 0, 0)).as("no wait: denied at once").isNull();

        long start = System.nanoTime();
        assertThat(take("later", "d", 1, 0, TimeUnit.MILLISECONDS.toNanos(50))).isNull();
        long waited = System.nanoTime() - start;
        assertThat(Duration.ofNanos(waited)).isGreaterThanOrEqualTo(Duration.ofMillis(50)).isLessThan(Duration.ofSeconds(10));

        assertThat(store.inFlight("d")).isEqualTo(1);
        store.release(held);
        assertThat(store.inFlight("d")).isZero();
        store.release(take("again", "d", 1, 0, 0));
    }

    @Test
    void anInterruptedWaiterHoldsNothing() throws Exception {
        ConcurrencyLease held = take("first", "d", 1, 0, 0);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                take("waiter", "d", 1, 0, LONG_WAIT);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        await(() -> store.waiting("gpu") == 1, "the waiter queued");
        t.interrupt();
        t.join(TimeUnit.SECONDS.toMillis(20));

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(store.waiting("gpu")).isZero();
        store.release(held);
        assertThat(store.inFlight("d")).isZero();
        assertThat(take("next", "d", 1, 0, 0)).as("the slot is free again").isNotNull();
    }

    @Test
    void interruptedWhileWaitingForTheProviderGivesTheDeploymentSlotBack() throws Exception {
        ConcurrencyLease other = take("other", "d2", 1, 0, 0);          // the provider is full
        Thread t = new Thread(() -> {
            try {
                take("waiter", "d1", 1, 1, LONG_WAIT);                  // takes d1's slot, waits for gpu
            } catch (InterruptedException expected) {
                // the test checks what is held afterwards
            }
        });
        t.start();
        await(() -> store.waiting("gpu") == 1, "the waiter queued on the provider");
        t.interrupt();
        t.join(TimeUnit.SECONDS.toMillis(20));
        store.release(other);

        ConcurrencyLease l = take("after", "d1", 1, 1, 0);
        assertThat(l).as("d1's own slot was given back").isNotNull();
        assertThat(l.providerSlot()).isTrue();
        assertThat(l.deploymentSlot()).isTrue();
    }

    @Test
    void anAlreadyInterruptedThreadTakesNothing() throws Exception {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> take("x", "d", 1, 0, 0)).isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(store.inFlight("d")).isZero();
        assertThat(take("y", "d", 1, 0, 0)).isNotNull();
    }

    @Test
    void aDeploymentCapBelowTheProvidersLimitsOnlyThatDeployment() throws Exception {
        ConcurrencyLease a = take("a", "small", 4, 1, 0);
        assertThat(take("b", "small", 4, 1, 0)).isNull();
        ConcurrencyLease c = take("c", "big", 4, 0, 0);
        assertThat(c).isNotNull();
        assertThat(store.providerInFlight("gpu")).isEqualTo(2);
        store.release(a);
        assertThat(take("d", "small", 4, 1, 0)).isNotNull();
    }

    @Test
    void unlimitedPoolsNeverWaitButCountWhatIsInFlight() throws Exception {
        List<ConcurrencyLease> leases = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            leases.add(take("l" + i, "d", 0, 0, 0));
        }
        assertThat(store.inFlight("d")).isEqualTo(100);
        leases.forEach(store::release);
        assertThat(store.inFlight("d")).isZero();
        assertThat(store.inFlight("never-used")).isZero();
    }

    @Test
    void aChangedCapResizesThePool() throws Exception {
        ConcurrencyLease a = take("a", "d", 1, 0, 0);
        assertThat(take("b", "d", 1, 0, 0)).isNull();
        ConcurrencyLease b = take("b", "d", 2, 0, 0);
        assertThat(b).as("the cap grew to 2").isNotNull();
        store.release(a);
        assertThat(take("c", "d", 1, 0, 0)).as("shrunk back to 1 with one held").isNull();
        store.release(b);
        assertThat(take("c", "d", 1, 0, 0)).isNotNull();
    }
}
