package dev.llmrouter.spi.state;

import dev.llmrouter.config.RateLimit;
import java.util.Objects;

/**
 * Everything an {@link AdmissionControl} needs to decide one attempt in one step: whose circuit,
 * which limits, which concurrency pools, and how many tokens to reserve. Carrying the limits in the
 * request keeps stores free of configuration (and lets a Redis script take them as arguments).
 * Immutable and thread-safe.
 *
 * @param attemptId unique per attempt; makes a repeated admit idempotent
 * @param deploymentId the deployment (its circuit, its own limits, its own parallel cap)
 * @param provider the provider (its parallel cap: a GPU server's real capacity)
 * @param group the model group (its group-level limits)
 * @param deploymentLimit the deployment's effective rpm/tpm (after provider and type defaults)
 * @param groupLimit the group-level rpm/tpm
 * @param providerMaxParallel the provider's parallel cap, or 0 for none
 * @param deploymentMaxParallel the deployment's own parallel cap, or 0 for none
 * @param reservedTokens the token upper bound reserved against tpm (prompt estimate + max output)
 * @param circuit the circuit policy
 */
public record AdmissionRequest(String attemptId, String deploymentId, String provider, String group,
                               RateLimit deploymentLimit, RateLimit groupLimit, int providerMaxParallel,
                               int deploymentMaxParallel, long reservedTokens, CircuitPolicy circuit) {
    /** @throws NullPointerException when an id or policy is null */
    public AdmissionRequest {
        Objects.requireNonNull(attemptId, "attemptId");
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(group, "group");
        deploymentLimit = deploymentLimit == null ? RateLimit.NONE : deploymentLimit;
        groupLimit = groupLimit == null ? RateLimit.NONE : groupLimit;
        Objects.requireNonNull(circuit, "circuit");
        if (reservedTokens < 0) {
            throw new IllegalArgumentException("reservedTokens cannot be negative");
        }
    }
}
