package dev.llmrouter.spi.state;

import java.util.Objects;

/**
 * Concurrency slots held by one attempt: on its provider and on its deployment. Released once with
 * {@link ConcurrencyStore#release}. Immutable and thread-safe. A record: a message of the
 * concurrency protocol between the engine and a {@link ConcurrencyStore}, shaped by that protocol
 * (a new field would be an SPI change).
 *
 * @param leaseId the attempt's id (a Redis implementation keys its lease by it)
 * @param provider the provider whose pool was used
 * @param deploymentId the deployment whose pool was used
 * @param providerSlot true when a slot of a capped provider pool is held
 * @param deploymentSlot true when a slot of a capped deployment pool is held
 */
public record ConcurrencyLease(String leaseId, String provider, String deploymentId, boolean providerSlot,
                               boolean deploymentSlot) {
    /** @throws NullPointerException when an id is null */
    public ConcurrencyLease {
        Objects.requireNonNull(leaseId, "leaseId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(deploymentId, "deploymentId");
    }
}
