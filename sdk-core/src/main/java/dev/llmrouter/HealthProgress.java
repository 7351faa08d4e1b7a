package dev.llmrouter;

import dev.llmrouter.spi.provider.ProbeResult;
import java.time.Duration;
import java.util.Objects;

/**
 * One progress report of {@code LlmRouter.awaitHealthy}: sent after every probe (about every 5
 * seconds, as the seed's {@code wait-for-service.sh}). Immutable and thread-safe.
 *
 * @param provider the provider waited for
 * @param attempt the probe's number, from 1
 * @param elapsed time since the wait began
 * @param timeout the whole wait's limit
 * @param probe what the probe found
 * @param done true on the last report (healthy, or out of time)
 */
public record HealthProgress(String provider, int attempt, Duration elapsed, Duration timeout, ProbeResult probe,
                             boolean done) {
    /** @throws NullPointerException when a field is null */
    public HealthProgress {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(probe, "probe");
    }

    /** True when the probe found the provider healthy. */
    public boolean healthy() {
        return probe.healthy();
    }

    /** A one-line report: {@code ollama: healthy after 10s} or {@code ollama: waiting (5s/30s): Loading model}. */
    public String message() {
        if (probe.healthy()) {
            return provider + ": healthy after " + elapsed.toSeconds() + "s";
        }
        return provider + ": " + (done ? "not healthy within " + timeout.toSeconds() + "s" : "waiting (" + elapsed.toSeconds()
                + "s/" + timeout.toSeconds() + "s)") + ": " + probe.detail();
    }
}
