package dev.llmrouter.spi.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one health probe. Immutable and thread-safe.
 *
 * @param healthy true when the server is up and ready to serve (a llama.cpp server still loading
 *        its model is reachable but not healthy)
 * @param reachable true when the server answered at all
 * @param httpStatus the probe's HTTP status, 0 when none arrived
 * @param latency how long the probe took
 * @param detail a short human-readable explanation ({@code "ok"}, {@code "Loading model"}, the connection error)
 */
public record ProbeResult(boolean healthy, boolean reachable, int httpStatus, Duration latency, String detail) {
    /** @throws NullPointerException when latency or detail is null */
    public ProbeResult {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(detail, "detail");
    }
}
