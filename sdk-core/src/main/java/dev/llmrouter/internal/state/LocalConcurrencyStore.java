package dev.llmrouter.internal.state;

import dev.llmrouter.spi.state.ConcurrencyLease;
import dev.llmrouter.spi.state.ConcurrencyStore;
import dev.llmrouter.internal.state.LeasePool;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The in-process {@link ConcurrencyStore}: a fair semaphore per provider and per deployment.
 * A deployment's slot is taken before its provider's, so a request never holds a provider slot (the
 * shared, scarce one) while it waits for its deployment's. Waiting uses the real clock (a wait is a
 * real wait even when the router's {@code TimeSource} is a manual one).
 *
 * <p>Thread-safe: no global lock; each pool is its own fair semaphore.
 */
public final class LocalConcurrencyStore implements ConcurrencyStore {
    private final ConcurrentHashMap<String, LeasePool> providers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LeasePool> deployments = new ConcurrentHashMap<>();

    @Override
    public ConcurrencyLease acquire(String leaseId, String provider, int providerMaxParallel, String deploymentId,
                                    int deploymentMaxParallel, long maxWaitNanos) throws InterruptedException {
        LeasePool dp = pool(deployments, deploymentId);
        LeasePool pp = pool(providers, provider);
        Semaphore ds = dp.slots(deploymentMaxParallel);
        Semaphore ps = pp.slots(providerMaxParallel);
        long wait = Math.max(0, maxWaitNanos);
        long deadline = System.nanoTime() + wait;
        // the timed form even for no wait: the untimed tryAcquire would barge ahead of queued waiters
        if (ds != null && !ds.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
            return null;
        }
        boolean got = false;
        try {
            got = ps == null || ps.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } finally {
            if (!got && ds != null) {
                ds.release();
            }
        }
        if (!got) {
            return null;
        }
        dp.inFlight().incrementAndGet();
        pp.inFlight().incrementAndGet();
        return new ConcurrencyLease(leaseId, provider, deploymentId, ps != null, ds != null);
    }

    @Override
    public void release(ConcurrencyLease lease) {
        LeasePool pp = providers.get(lease.provider());
        LeasePool dp = deployments.get(lease.deploymentId());
        if (pp != null) {
            pp.inFlight().decrementAndGet();
            if (lease.providerSlot()) {
                pp.current().release();
            }
        }
        if (dp != null) {
            dp.inFlight().decrementAndGet();
            if (lease.deploymentSlot()) {
                dp.current().release();
            }
        }
    }

    @Override
    public int inFlight(String deploymentId) {
        LeasePool p = deployments.get(deploymentId);
        return p == null ? 0 : p.inFlight().get();
    }

    /** Leases held on a provider now. */
    public int providerInFlight(String provider) {
        LeasePool p = providers.get(provider);
        return p == null ? 0 : p.inFlight().get();
    }

    /** Threads waiting for a provider slot now (an estimate, for metrics). */
    public int waiting(String provider) {
        LeasePool p = providers.get(provider);
        return p == null ? 0 : p.waiting();
    }

    private static LeasePool pool(ConcurrentHashMap<String, LeasePool> map, String key) {
        LeasePool p = map.get(key);
        return p != null ? p : map.computeIfAbsent(key, k -> new LeasePool());
    }
}
