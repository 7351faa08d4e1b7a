package dev.llmrouter.api;

import java.time.Duration;
import java.util.Objects;

/**
 * One HTTP attempt made for a request: which deployment, how it ended, the HTTP status (0 when no
 * response arrived) and how long it took. Immutable and thread-safe.
 *
 * @param deploymentId the deployment's id ({@code group/provider/model#n})
 * @param provider the provider name
 * @param model the provider-side model name
 * @param outcome {@link AttemptOutcome#SUCCESS} or the failure's kind
 * @param httpStatus the HTTP status, or 0 when none arrived
 * @param latency time from sending to the end of the attempt
 */
public record AttemptRecord(String deploymentId, String provider, String model, AttemptOutcome outcome, int httpStatus,
                            Duration latency) {
    /** @throws NullPointerException when a field is null */
    public AttemptRecord {
        Objects.requireNonNull(deploymentId, "deploymentId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(latency, "latency");
    }

    /** True when the attempt produced the answer. */
    public boolean succeeded() {
        return outcome == AttemptOutcome.SUCCESS;
    }
}
