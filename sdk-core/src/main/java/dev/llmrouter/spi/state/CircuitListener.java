package dev.llmrouter.spi.state;

import java.time.Duration;

/**
 * Told about every state change of a deployment's circuit, so the router can emit events and
 * metrics. A circuit has no timer: OPEN to HALF_OPEN is announced when the first probe is let
 * through, not when the cooldown ends (a view taken in between already reports HALF_OPEN). Called on the thread whose admission or settlement caused the change, after the circuit's
 * lock is released; it must be quick and must not throw (an exception is logged and dropped).
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface CircuitListener {

    /** A listener that ignores every change. */
    CircuitListener NONE = (deploymentId, from, to, cooldown) -> { };

    /**
     * One state change.
     *
     * @param deploymentId the deployment whose circuit changed
     * @param from the state before
     * @param to the state after
     * @param cooldown for a change to {@link CircuitState#OPEN}, how long it stays open; else zero
     */
    void onChange(String deploymentId, CircuitState from, CircuitState to, Duration cooldown);
}
