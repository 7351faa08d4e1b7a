package dev.llmrouter.spring.observation;

import dev.llmrouter.spring.LlmRouterTaskDecorator;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Carries the observation current on the submitting thread onto the router's thread, so the
 * router's observations of an async call or a callback stream keep the caller's span as parent.
 * Thread-safe.
 */
public final class ObservationTaskDecorator implements LlmRouterTaskDecorator {
    private final ObservationRegistry registry;

    /** Reads the current observation from {@code registry}. */
    public ObservationTaskDecorator(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Runnable decorate(Runnable task) {
        Observation current = registry.getCurrentObservation();
        if (current == null) {
            return task;
        }
        return () -> {
            try (Observation.Scope scope = current.openScope()) {
                task.run();
            }
        };
    }
}
