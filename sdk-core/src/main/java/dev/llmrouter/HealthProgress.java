package dev.llmrouter;

import dev.llmrouter.spi.provider.ProbeResult;
import java.time.Duration;
import java.util.Objects;

/**
 * One progress report of {@code LlmRouter.awaitHealthy}: sent after every probe (about every 5
 * seconds, as the seed's {@code wait-for-service.sh}). Immutable and thread-safe; the router builds
 * it ({@link #builder(String)} is public for tests of code that consumes progress). A class rather
 * than a record so that new fields can be added without breaking callers.
 */
public final class HealthProgress {
    private final String provider;
    private final int attempt;
    private final Duration elapsed;
    private final Duration timeout;
    private final ProbeResult probe;
    private final boolean done;

    private HealthProgress(Builder b) {
        this.provider = Objects.requireNonNull(b.provider, "provider");
        this.attempt = b.attempt;
        this.elapsed = Objects.requireNonNull(b.elapsed, "elapsed");
        this.timeout = Objects.requireNonNull(b.timeout, "timeout");
        this.probe = Objects.requireNonNull(b.probe, "probe");
        this.done = b.done;
    }

    /**
     * A builder for a report on {@code provider}; the elapsed time, the timeout and the probe are
     * required, the attempt defaults to 0 and done to false.
     */
    public static Builder builder(String provider) {
        return new Builder(provider);
    }

    /** A builder holding this report's values. */
    public Builder toBuilder() {
        return new Builder(provider).attempt(attempt).elapsed(elapsed).timeout(timeout).probe(probe).done(done);
    }

    /** The provider waited for. */
    public String provider() {
        return provider;
    }

    /** The probe's number, from 1. */
    public int attempt() {
        return attempt;
    }

    /** Time since the wait began. */
    public Duration elapsed() {
        return elapsed;
    }

    /** The whole wait's limit. */
    public Duration timeout() {
        return timeout;
    }

    /** What the probe found. */
    public ProbeResult probe() {
        return probe;
    }

    /** True on the last report (healthy, or out of time). */
    public boolean done() {
        return done;
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

    @Override
    public boolean equals(Object o) {
        return o instanceof HealthProgress p && p.provider.equals(provider) && p.attempt == attempt
                && p.elapsed.equals(elapsed) && p.timeout.equals(timeout) && p.probe.equals(probe) && p.done == done;
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, attempt, elapsed, timeout, probe, done);
    }

    @Override
    public String toString() {
        return "HealthProgress[provider=" + provider + ", attempt=" + attempt + ", elapsed=" + elapsed + ", timeout="
                + timeout + ", probe=" + probe + ", done=" + done + "]";
    }

    /** Builds a {@link HealthProgress}. Not thread-safe. */
    public static final class Builder {
        private final String provider;
        private int attempt;
        private Duration elapsed;
        private Duration timeout;
        private ProbeResult probe;
        private boolean done;

        private Builder(String provider) {
            this.provider = provider;
        }

        /** The probe's number, from 1 (default 0). */
        public Builder attempt(int attempt) {
            this.attempt = attempt;
            return this;
        }

        /** Time since the wait began; required. */
        public Builder elapsed(Duration elapsed) {
            this.elapsed = elapsed;
            return this;
        }

        /** The whole wait's limit; required. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** What the probe found; required. */
        public Builder probe(ProbeResult probe) {
            this.probe = probe;
            return this;
        }

        /** Whether this is the last report (default false). */
        public Builder done(boolean done) {
            this.done = done;
            return this;
        }

        /** @throws NullPointerException when the provider, elapsed time, timeout or probe is null */
        public HealthProgress build() {
            return new HealthProgress(this);
        }
    }
}
