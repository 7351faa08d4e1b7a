package dev.llmrouter.cli.terminal;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("unit")
class InterruptSignalTest {
    @Test
    void ctrlCRunsTheBusyActionOnceThenTheIdleAction() {
        AtomicInteger idle = new AtomicInteger();
        AtomicInteger cancels = new AtomicInteger();
        InterruptSignal signal = new InterruptSignal(idle::incrementAndGet);

        try (InterruptSignal.Scope ignored = signal.whileBusy(cancels::incrementAndGet)) {
            signal.fire();
            signal.fire();
        }
        signal.fire();

        assertThat(cancels).hasValue(1);
        assertThat(idle).hasValue(2);
    }

    @Test
    void closingAnOldScopeDoesNotUnregisterANewerOne() {
        AtomicInteger second = new AtomicInteger();
        InterruptSignal signal = new InterruptSignal(() -> { });
        InterruptSignal.Scope first = signal.whileBusy(() -> { });
        try (InterruptSignal.Scope ignored = signal.whileBusy(second::incrementAndGet)) {
            first.close();
            signal.fire();
        }
        assertThat(second).hasValue(1);
    }

    @Test
    void aRealSigintReachesTheBusyAction() throws Exception {
        CountDownLatch cancelled = new CountDownLatch(1);
        InterruptSignal signal = new InterruptSignal(() -> { });
        assertThat(signal.installOnSigint()).isTrue();

        try (InterruptSignal.Scope ignored = signal.whileBusy(cancelled::countDown)) {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Object sigint = signalClass.getConstructor(String.class).newInstance("INT");
            signalClass.getMethod("raise", signalClass).invoke(null, sigint);
            assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
