package dev.llmrouter.spi.state;

/**
 * Concurrency leases per provider ({@code max_parallel_requests}, a GPU server's real capacity) and
 * per deployment (its own lower cap), DESIGN section 4.4. Waiters are served first come, first
 * served. The caps travel with each call (0 = unlimited), so a Redis implementation can take them as
 * script arguments; its leases expire when a JVM dies.
 *
 * <p>Implementations are thread-safe.
 */
public interface ConcurrencyStore {

    /**
     * Takes a slot on the deployment and on its provider, waiting up to {@code maxWaitNanos} in
     * arrival order when either is full (0: no waiting; a free slot is still not taken ahead of
     * earlier waiters).
     *
     * @return the lease, or null when no slot came free in time (nothing is held then)
     * @throws InterruptedException when interrupted while waiting (nothing is held then)
     */
    ConcurrencyLease acquire(String leaseId, String provider, int providerMaxParallel, String deploymentId,
                             int deploymentMaxParallel, long maxWaitNanos) throws InterruptedException;

    /** Releases a lease's slots, waking the longest waiter. Call once per lease. */
    void release(ConcurrencyLease lease);

    /** Leases held on a deployment now. */
    int inFlight(String deploymentId);
}
