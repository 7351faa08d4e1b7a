package dev.llmrouter.internal.state;

import dev.llmrouter.spi.state.RateReservation;
import dev.llmrouter.spi.state.Admission;
import dev.llmrouter.spi.state.CircuitPermit;
import dev.llmrouter.spi.state.ConcurrencyLease;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One attempt known to the admission step, keyed by its attempt id: being decided, or granted and
 * not yet settled. Holds what the grant reserved, so settling (once) can give each part back. A
 * repeated admit of the same id waits for the decision in progress and takes the same answer.
 *
 * <p>Thread-safe: the deciding thread fills the parts before publishing the answer through a
 * volatile write; settling is claimed with a compare-and-set.
 */
public final class AdmissionEntry {
    private static final VarHandle LATCH;
    private static final VarHandle SETTLED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LATCH = l.findVarHandle(AdmissionEntry.class, "latch", CountDownLatch.class);
            SETTLED = l.findVarHandle(AdmissionEntry.class, "settled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile boolean decided;
    private volatile Admission admission;
    private volatile CountDownLatch latch;
    @SuppressWarnings("unused") // accessed through SETTLED
    private volatile boolean settled;

    /** The circuit permit of a grant. */
    public CircuitPermit permit;
    /** The deployment's rate reservation of a grant. */
    public RateReservation deploymentReservation;
    /** The group's rate reservation of a grant. */
    public RateReservation groupReservation;
    /** The concurrency lease of a grant. */
    public ConcurrencyLease lease;
    /** The last circuit permit this decision was given (also a denied or given-back one), for the answer. */
    public CircuitPermit lastPermit;
    /** The first circuit change a permit of this decision reported, for the answer. */
    public dev.llmrouter.spi.state.CircuitTransition transition;

    /**
     * Publishes the decision and wakes duplicates waiting for it; null when the decision was abandoned
     * (interrupted or failed) and reserved nothing, so a duplicate must decide afresh.
     */
    public void complete(Admission answer) {
        admission = answer;
        decided = true;
        CountDownLatch l = latch;
        if (l != null) {
            l.countDown();
        }
    }

    /** The published answer, or null while deciding or when abandoned. */
    public Admission admission() {
        return admission;
    }

    /** True once {@link #complete} ran. */
    public boolean decided() {
        return decided;
    }

    /**
     * Waits up to {@code nanos} for the decision in progress.
     *
     * @return true when decided (read {@link #admission()}), false when the wait timed out
     */
    public boolean await(long nanos) throws InterruptedException {
        if (decided) {
            return true;
        }
        CountDownLatch l = new CountDownLatch(1);
        if (!LATCH.compareAndSet(this, null, l)) {
            l = latch;
        }
        // the deciding thread writes decided before reading latch; this one writes latch before reading decided
        return decided || l.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** Claims the one settlement; true for the first caller only. */
    public boolean claimSettlement() {
        return SETTLED.compareAndSet(this, false, true);
    }
}
