package dev.llmrouter.internal.config.rules;

import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.Timeouts;
import dev.llmrouter.internal.config.Durations;
import dev.llmrouter.internal.config.Paths;
import dev.llmrouter.internal.config.Problems;
import java.time.Duration;

/**
 * The five timeout layers (DESIGN 4.1): each must be positive, and an inner layer longer than the
 * one outside it is a warning, since the outer one clips it and the extra time is never used:
 * attempt within request, request within overall, stream idle within stream, stream within
 * overall, and each provider's own attempt timeout within request. Thread-safe (static helpers).
 */
final class TimeoutRules {
    private static final String BASE = "router_settings.timeouts";
    private static final String TOO_LONG_HINT = "a deadline that long would overflow the clock arithmetic; a timeout is"
            + " at most 30 days";

    private TimeoutRules() {
    }

    static void check(RouterConfig c, Problems p) {
        Timeouts t = c.routerSettings().timeouts();
        boolean ok = positive("attempt", t.attempt(), p) & positive("request", t.request(), p)
                & positive("stream", t.stream(), p) & positive("stream_idle", t.streamIdle(), p)
                & positive("overall", t.overall(), p);
        if (!ok) {
            return;
        }
        inner("attempt timeout", t.attempt(), "request", t.request(), Paths.child(BASE, "attempt"), p);
        inner("request timeout", t.request(), "overall", t.overall(), Paths.child(BASE, "request"), p);
        inner("stream_idle timeout", t.streamIdle(), "stream", t.stream(), Paths.child(BASE, "stream_idle"), p);
        inner("stream timeout", t.stream(), "overall", t.overall(), Paths.child(BASE, "stream"), p);
        c.providers().forEach((name, provider) -> provider.attemptTimeout().ifPresent(d -> {
            String path = Paths.child(Paths.child("providers", name), "timeout");
            if (d.isNegative() || d.isZero()) {
                p.error(path, "timeout of provider '" + name + "' must be positive, got " + Durations.format(d),
                        "leave it out to use timeouts.attempt");
            } else if (d.compareTo(Timeouts.MAXIMUM) > 0) {
                p.error(path, "timeout of provider '" + name + "' must be at most 720h (30 days), got " + Durations.format(d),
                        TOO_LONG_HINT);
            } else {
                inner("timeout of provider '" + name + "'", d, "request", t.request(), path, p);
            }
        }));
        c.models().forEach((group, g) -> {
            for (int i = 0; i < g.deployments().size(); i++) {
                var dc = g.deployments().get(i);
                String at = Paths.index(Paths.child(Paths.child("models", group), "deployments"), i);
                deployment(group, "timeout", dc.timeout().orElse(null), Paths.child(at, "timeout"), t, p);
                deployment(group, "stream_timeout", dc.streamTimeout().orElse(null), Paths.child(at, "stream_timeout"), t, p);
            }
        });
    }

    private static void deployment(String group, String key, Duration d, String path, Timeouts t, Problems p) {
        if (d == null) {
            return;
        }
        if (d.isNegative() || d.isZero()) {
            p.error(path, key + " of a deployment of '" + group + "' must be positive, got " + Durations.format(d),
                    "leave it out to use the provider's timeout");
        } else {
            inner(key + " of a deployment of '" + group + "'", d, "request", t.request(), path, p);
        }
    }

    private static boolean positive(String layer, Duration d, Problems p) {
        if (d.isNegative() || d.isZero()) {
            p.error(Paths.child(BASE, layer), "the " + layer + " timeout must be positive, got " + Durations.format(d),
                    "leave it out for the default");
            return false;
        }
        if (d.compareTo(Timeouts.MAXIMUM) > 0) {
            p.error(Paths.child(BASE, layer), "the " + layer + " timeout must be at most 720h (30 days), got " + Durations.format(d),
                    TOO_LONG_HINT);
            return false;
        }
        return true;
    }

    private static void inner(String inner, Duration in, String outer, Duration out, String path, Problems p) {
        if (in.compareTo(out) > 0) {
            p.warning(path, "the " + inner + " (" + Durations.format(in) + ") is longer than the " + outer
                    + " timeout (" + Durations.format(out) + ") that contains it",
                    "the " + outer + " timeout cuts it short; make it at most " + Durations.format(out));
        }
    }
}
