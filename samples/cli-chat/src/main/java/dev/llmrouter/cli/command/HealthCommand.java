package dev.llmrouter.cli.command;

import dev.llmrouter.HealthProgress;
import dev.llmrouter.RouterHealth;
import dev.llmrouter.cli.CliContext;
import dev.llmrouter.cli.ExitCodes;
import dev.llmrouter.cli.output.Formats;
import dev.llmrouter.cli.text.Values;
import dev.llmrouter.config.ProviderConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code health [--wait DURATION]}: probes every provider and prints the provider and deployment
 * tables; exit 0 when every active provider is healthy, 1 otherwise. With {@code --wait} it first
 * waits for every active provider, one report per probe (about every 5 seconds), like the seed's
 * {@code wait-for-service.sh}, and exits 1 when the time runs out. Stateless and thread-safe.
 */
@Command(name = "health", description = "probe the providers: reachable, latency, circuit state, models served (--wait to wait for them)",
        footer = """

        Exit codes: 0 every active provider healthy, 1 one is not (or --wait timed out), 2 usage or configuration error.

        Examples:
          llmrouter health
          llmrouter health --wait 60s --config providers.yaml model-mappings.yaml
        """)
public final class HealthCommand extends CliCommand {
    @Option(names = "--wait", paramLabel = "DURATION",
            description = "wait until every active provider is healthy (30s, 2m, ...), reporting every 5 s")
    private String wait;

    @Parameters(hidden = true)
    private List<String> extra = new ArrayList<>();

    @Override
    protected int run(CliContext ctx) {
        noArguments("health", extra, "");
        Optional<Duration> timeout = Values.duration("--wait", wait);
        try (RouterHandle router = RouterHandle.open(configSource(ctx), ctx)) {
            if (timeout.isPresent()) {
                return waitForProviders(router, timeout.get(), ctx);
            }
            RouterHealth health = router.router().health();
            HealthView.print(health, ctx.out());
            ctx.out().println();
            return verdict(health, ctx);
        }
    }

    private static int waitForProviders(RouterHandle router, Duration timeout, CliContext ctx) {
        List<String> active = router.config().providers().values().stream().filter(ProviderConfig::isActive)
                .map(ProviderConfig::name).toList();
        ctx.out().println("waiting up to " + Formats.duration(timeout) + " for " + String.join(", ", active));
        ctx.out().flush();
        long start = System.nanoTime();
        boolean healthy = router.router().awaitHealthy(timeout, p -> progress(p, Duration.ofNanos(System.nanoTime() - start),
                timeout, ctx));
        RouterHealth health = router.router().health();
        ctx.out().println();
        HealthView.print(health, ctx.out());
        ctx.out().println();
        if (!healthy) {
            ctx.out().println(ctx.style().red("timed out after " + Formats.duration(timeout)
                    + ": not every active provider became healthy"));
            return ExitCodes.FAILED;
        }
        return verdict(health, ctx);
    }

    /** One line per probe, timed from the start of the whole wait: {@code [  5 s/30 s] vllm: waiting: Loading model}. */
    private static void progress(HealthProgress p, Duration elapsed, Duration timeout, CliContext ctx) {
        String clock = String.format(Locale.ROOT, "[%3d s/%d s] ", elapsed.toSeconds(), timeout.toSeconds());
        String detail = p.probe().detail();
        if (p.healthy()) {
            ctx.out().println(ctx.style().green(clock + p.provider() + ": healthy (" + detail + ")"));
        } else if (p.done()) {
            ctx.out().println(ctx.style().red(clock + p.provider() + ": not healthy in time: " + detail));
        } else {
            ctx.out().println(ctx.style().yellow(clock + p.provider() + ": waiting: " + detail));
        }
        ctx.out().flush();
    }

    private static int verdict(RouterHealth health, CliContext ctx) {
        List<RouterHealth.ProviderHealth> down = health.providers().stream()
                .filter(p -> p.active() && !p.healthy()).toList();
        if (down.isEmpty()) {
            ctx.out().println(ctx.style().green("all active providers are healthy"));
            return ExitCodes.OK;
        }
        ctx.out().println(ctx.style().red("not healthy: " + String.join(", ", down.stream().map(RouterHealth.ProviderHealth::name).toList())));
        if (down.size() == health.providers().stream().filter(RouterHealth.ProviderHealth::active).count()) {
            ctx.out().println("No provider is up. Start a model server, point --config at yours, or try '"
                    + "llmrouter chat --demo' (no server needed).");
        }
        return ExitCodes.FAILED;
    }
}
