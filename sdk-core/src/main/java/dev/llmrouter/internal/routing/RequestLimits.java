package dev.llmrouter.internal.routing;

import dev.llmrouter.spi.routing.Deployment;
import dev.llmrouter.api.RequestOptions;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.config.Timeouts;
import java.time.Duration;

/**
 * The timeouts and retry count of one request: the configured ones with the request's overrides
 * applied. The attempt timeout is per deployment ({@link #attemptFor}). Immutable and thread-safe.
 */
record RequestLimits(Duration attemptOverride, Duration attempt, Duration request, Duration stream, Duration idle,
                     Duration overall, int numRetries) {

    static RequestLimits of(RouterSettings settings, RequestOptions options) {
        Timeouts t = settings.timeouts();
        return new RequestLimits(options.attemptTimeout().orElse(null), t.attempt(),
                options.requestTimeout().orElse(t.request()), options.streamTimeout().orElse(t.stream()),
                options.streamIdleTimeout().orElse(t.streamIdle()), options.overallTimeout().orElse(t.overall()),
                options.numRetries().orElse(settings.numRetries()));
    }

    /**
     * The attempt timeout for a deployment, before clipping by the outer layers: the request's
     * override, else (for a stream) the deployment's {@code stream_timeout}, else the deployment's
     * {@code timeout}, else its provider's, else {@code timeouts.attempt}.
     */
    Duration attemptFor(Deployment d, boolean streaming) {
        if (attemptOverride != null) {
            return attemptOverride;
        }
        if (streaming && d.config().streamTimeout().isPresent()) {
            return d.config().streamTimeout().get();
        }
        if (d.config().timeout().isPresent()) {
            return d.config().timeout().get();
        }
        return d.providerConfig().attemptTimeout().orElse(attempt);
    }
}
