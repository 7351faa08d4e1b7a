package dev.llmrouter.cli.command;

import dev.llmrouter.cli.CliContext;
import dev.llmrouter.cli.ExitCodes;
import dev.llmrouter.cli.config.ConfigSource;
import dev.llmrouter.cli.doctor.Check;
import dev.llmrouter.cli.doctor.Doctor;
import dev.llmrouter.cli.output.Formats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code doctor}: every check an operator runs before go-live, as one checklist with a verdict:
 * exit 0 when nothing failed (warnings allowed), 1 otherwise. Picocli fills one instance per
 * command line; not thread-safe.
 */
@Command(name = "doctor", description = "check a set-up before go-live: configuration, environment, providers, models, Redis, clock",
        footer = """

        Checks, in order: the configuration is valid; every environment variable it references is set;
        each active provider is reachable and serves its configured models; Redis (when configured)
        answers and has persistence on (AOF or RDB); this clock agrees with the providers' and Redis's.

        Exit codes: 0 ready (warnings allowed), 1 a check failed, 2 usage error.

        Example:
          llmrouter doctor --config /etc/llmrouter/providers.yaml /etc/llmrouter/model-mappings.yaml
        """)
public final class DoctorCommand extends CliCommand {
    @Parameters(hidden = true)
    private List<String> extra = new ArrayList<>();

    @Override
    protected int run(CliContext ctx) {
        noArguments("doctor", extra, " (name the configuration with --config FILE...)");
        ConfigSource source = configSource(ctx);
        ctx.out().println("llmrouter doctor: " + source.description());
        ctx.out().flush();
        List<Check> checks = Doctor.run(source, ctx.env());
        int width = checks.stream().mapToInt(c -> c.subject().length()).max().orElse(0);
        for (Check c : checks) {
            String mark = String.format(Locale.ROOT, "%-4s", c.verdict() == Check.Verdict.OK ? "ok" : c.verdict().name());
            String line = "  " + mark + "  " + String.format(Locale.ROOT, "%-" + width + "s", c.subject()) + "  " + c.detail();
            ctx.out().println(switch (c.verdict()) {
                case OK -> ctx.style().green(line);
                case WARN -> ctx.style().yellow(line);
                case FAIL -> ctx.style().red(line);
            });
        }
        long failed = checks.stream().filter(c -> c.verdict() == Check.Verdict.FAIL).count();
        long warned = checks.stream().filter(c -> c.verdict() == Check.Verdict.WARN).count();
        ctx.out().println();
        if (failed > 0) {
            ctx.out().println(ctx.style().red("NOT READY: " + Formats.count(failed, "check") + " failed, "
                    + Formats.count(warned, "warning")));
            return ExitCodes.FAILED;
        }
        ctx.out().println(ctx.style().green("READY: " + Formats.count(checks.size(), "check") + " passed"
                + (warned == 0 ? "" : ", " + Formats.count(warned, "warning"))));
        return ExitCodes.OK;
    }
}
