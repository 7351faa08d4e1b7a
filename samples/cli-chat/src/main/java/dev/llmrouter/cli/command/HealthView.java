package dev.llmrouter.cli.command;

import dev.llmrouter.RouterHealth;
import dev.llmrouter.RouterHealth.DeploymentHealth;
import dev.llmrouter.RouterHealth.ProviderHealth;
import dev.llmrouter.cli.output.Formats;
import dev.llmrouter.cli.output.Table;
import dev.llmrouter.spi.provider.ProbeResult;
import dev.llmrouter.spi.state.CircuitState;
import dev.llmrouter.spi.state.CircuitView;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a {@link RouterHealth}: a table of providers (reachable, probe latency, what the probe
 * said, models served) and one of deployments (circuit state, model served, requests in flight,
 * limit headroom, average latency), then which state store those figures come from. Stateless and
 * thread-safe.
 */
final class HealthView {
    private HealthView() {
    }

    /** Prints both tables. */
    static void print(RouterHealth health, PrintStream out) {
        Table providers = new Table("PROVIDER", "TYPE", "STATUS", "REACHABLE", "LATENCY", "PROBE", "MODELS SERVED");
        for (ProviderHealth p : health.providers()) {
            ProbeResult probe = p.probe();
            providers.row(p.name(), p.type().wireName(), !p.active() ? "disabled" : p.healthy() ? "healthy" : "down",
                    !p.active() ? "-" : p.reachable() ? "yes" : "no",
                    probe == null ? "-" : Formats.duration(probe.latency()),
                    probe == null ? "not probed" : probe.detail(),
                    p.servedModels().isEmpty() ? "-" : String.join(", ", p.servedModels()));
        }
        providers.print(out);
        out.println();
        Table deployments = new Table("DEPLOYMENT", "CIRCUIT", "SERVED", "IN FLIGHT", "HEADROOM", "AVG LATENCY");
        for (DeploymentHealth d : health.deployments()) {
            deployments.row(d.id(), circuit(d.circuit(), health.checkedAt()),
                    d.served() == null ? "?" : d.served() ? "yes" : "no", d.inFlight(),
                    String.format(Locale.ROOT, "%.0f%%", d.headroom() * 100),
                    d.latency().isPresent() ? Formats.duration(Duration.ofMillis(Math.round(d.latency().getAsDouble()))) : "-");
        }
        deployments.print(out);
        out.println();
        out.println("state: " + health.stateStore());
    }

    /** One line of every deployment's circuit: {@code circuits: gpu-box/llama3.1:8b closed, cloud/deepseek-chat closed}. */
    static String circuitLine(RouterHealth health) {
        List<String> parts = new ArrayList<>();
        for (DeploymentHealth d : health.deployments()) {
            parts.add(d.provider() + " " + circuit(d.circuit(), health.checkedAt()));
        }
        return "circuits: " + String.join(", ", parts);
    }

    /** {@code closed}, {@code closed (1 failure)}, {@code OPEN (probe in 3.2 s)}, {@code half-open}. */
    static String circuit(CircuitView c, Instant now) {
        if (c.state() == CircuitState.OPEN) {
            return "OPEN" + c.recoversAt().map(at -> " (probe in " + Formats.duration(nonNegative(Duration.between(now, at))) + ")")
                    .orElse("");
        }
        if (c.state() == CircuitState.HALF_OPEN) {
            return "half-open";
        }
        return c.failuresInWindow() == 0 ? "closed" : "closed (" + Formats.count(c.failuresInWindow(), "failure") + ")";
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
