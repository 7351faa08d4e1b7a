package dev.llmrouter.internal.config.bind;

import dev.llmrouter.config.Backoff;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.config.Timeouts;
import dev.llmrouter.internal.config.Durations;
import dev.llmrouter.internal.config.Location;
import dev.llmrouter.internal.config.Paths;
import dev.llmrouter.internal.config.StrategyNames;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds {@code router_settings} and the seed's {@code litellm_settings}. The five timeout layers
 * can be written in three places: {@code router_settings.timeouts.*}, the seed's
 * {@code router_settings.timeout} (attempt), and {@code litellm_settings.request_timeout}
 * (request), {@code stream_timeout} (stream) and {@code timeout} (overall). Writing one layer twice
 * with different values is an error naming both places. A LiteLLM strategy spelling is mapped to
 * ours; an unknown strategy is kept as written for the value rule to report. Thread-safe (static
 * helpers).
 */
final class SettingsBinder {
    static final List<String> ROUTER_KEYS = List.of("routing_strategy", "allowed_fails", "cooldown_time",
            "failure_window", "cooldown_multiplier", "max_cooldown", "num_retries", "retry_backoff", "timeouts",
            "timeout", "enable_pre_call_checks", "wait_for_recovery", "health_check_interval");
    static final List<String> TIMEOUT_KEYS = List.of("attempt", "request", "stream", "stream_idle", "overall");
    static final List<String> BACKOFF_KEYS = List.of("initial", "max", "multiplier", "jitter", "max_server_delay");
    static final List<String> LITELLM_KEYS = List.of("request_timeout", "stream_timeout", "timeout");

    private SettingsBinder() {
    }

    static RouterSettings bind(Section top, BindContext ctx) {
        RouterSettings.Builder b = RouterSettings.builder();
        Map<String, Layer> layers = new LinkedHashMap<>();
        top.section("router_settings", ROUTER_KEYS, "router_settings").ifPresent(s -> {
            s.string("routing_strategy").ifPresent(n -> b.routingStrategy(StrategyNames.canonical(n.trim()).orElse(n)));
            s.integer("allowed_fails").ifPresent(b::allowedFails);
            s.duration("cooldown_time").ifPresent(b::cooldownTime);
            s.duration("failure_window").ifPresent(b::failureWindow);
            s.number("cooldown_multiplier").ifPresent(b::cooldownMultiplier);
            s.duration("max_cooldown").ifPresent(b::maxCooldown);
            s.integer("num_retries").ifPresent(b::numRetries);
            s.section("retry_backoff", BACKOFF_KEYS, "retry_backoff").ifPresent(r -> b.backoff(backoff(r)));
            s.bool("enable_pre_call_checks").ifPresent(b::enablePreCallChecks);
            s.bool("wait_for_recovery").ifPresent(b::waitForRecovery);
            s.duration("health_check_interval").ifPresent(b::healthCheckInterval);
            s.section("timeouts", TIMEOUT_KEYS, "router_settings.timeouts").ifPresent(t -> {
                for (String layer : TIMEOUT_KEYS) {
                    set(layers, layer, t, layer, ctx);
                }
            });
            set(layers, "attempt", s, "timeout", ctx);
        });
        top.section("litellm_settings", LITELLM_KEYS, "litellm_settings").ifPresent(s -> {
            set(layers, "request", s, "request_timeout", ctx);
            set(layers, "stream", s, "stream_timeout", ctx);
            set(layers, "overall", s, "timeout", ctx);
        });
        Timeouts d = Timeouts.DEFAULTS;
        b.timeouts(new Timeouts(value(layers, "attempt", d.attempt()), value(layers, "request", d.request()),
                value(layers, "stream", d.stream()), value(layers, "stream_idle", d.streamIdle()),
                value(layers, "overall", d.overall())));
        return b.build();
    }

    private static Backoff backoff(Section r) {
        Backoff d = Backoff.DEFAULTS;
        return new Backoff(r.duration("initial").orElse(d.initial()), r.duration("max").orElse(d.max()),
                r.number("multiplier").orElse(d.multiplier()), r.number("jitter").orElse(d.jitter()),
                r.duration("max_server_delay").orElse(d.maxServerDelay()));
    }

    /** One timeout layer as written: its value, where, and under which name. */
    private record Layer(Duration value, Location at, String writtenAs) {
    }

    private static void set(Map<String, Layer> layers, String layer, Section s, String key, BindContext ctx) {
        Optional<Duration> d = s.duration(key);
        if (d.isEmpty()) {
            return;
        }
        Location at = ctx.problems().exact(s.path(key));
        String canonical = Paths.child("router_settings.timeouts", layer);
        Layer old = layers.get(layer);
        if (old == null) {
            layers.put(layer, new Layer(d.get(), at, s.path(key)));
            ctx.problems().place(canonical, at);
        } else if (!old.value().equals(d.get())) {
            ctx.problems().errorAt(at, "the " + layer + " timeout is set twice: " + Durations.format(old.value()) + " as "
                    + old.writtenAs() + " at " + old.at().describe() + ", and " + Durations.format(d.get()) + " here",
                    "keep one of them");
        }
    }

    private static Duration value(Map<String, Layer> layers, String layer, Duration dflt) {
        Layer l = layers.get(layer);
        return l == null ? dflt : l.value();
    }
}
