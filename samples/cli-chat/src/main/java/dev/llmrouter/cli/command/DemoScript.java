package dev.llmrouter.cli.command;

import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.cli.CliContext;
import dev.llmrouter.cli.ExitCodes;
import dev.llmrouter.cli.chat.Answers;
import dev.llmrouter.cli.chat.PromptSettings;
import dev.llmrouter.cli.config.BuiltinConfigs;
import dev.llmrouter.cli.config.ConfigSource;
import dev.llmrouter.cli.output.RouteReport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code llmrouter --demo}: a scripted conversation on the built-in mock providers, printed live.
 * The local "GPU box" is busy on the first question (the router falls back to the cloud), answers
 * the next two, fails again (its second counted failure opens its circuit), is skipped without a
 * call while open, and after the cooldown answers the one probe, which closes the circuit. Each
 * step prints the streamed answer, the status line and the circuit states. Stateless and
 * thread-safe.
 */
public final class DemoScript {
    /** One question of the script and what the viewer should notice. */
    private record Step(String narration, String question) {
    }

    private static final List<Step> STEPS = List.of(
            new Step("The local GPU box is busy (HTTP 503): the router falls back to the cloud group.",
                    "Hello! Who is answering?"),
            new Step("The GPU box is free again: the request stays local.", "What does a fallback chain do?"),
            new Step("Routing picks the local deployment while it is healthy.", "And a circuit breaker?"),
            new Step("The GPU box fails again: its second failure in the window opens its circuit.",
                    "Are you still there?"),
            new Step("The circuit is open: the router skips the GPU box without calling it.", "Who answers now?"));
    private static final Step RECOVERY = new Step(
            "The cooldown is over: one probe request goes to the GPU box, succeeds, and closes the circuit.",
            "Welcome back. Is everything fine?");
    private static final Duration COOLDOWN_MARGIN = Duration.ofMillis(300);

    /** Plays the script; exit 0 when every step was answered, 1 otherwise. */
    public int run(CliContext ctx) {
        try (RouterHandle router = RouterHandle.open(ConfigSource.ofText(BuiltinConfigs.demo(), BuiltinConfigs.DEMO_NAME), ctx)) {
            PromptSettings settings = new PromptSettings(router.defaultModel(), null, null);
            ctx.out().println(ctx.style().bold("llmrouter demo") + ": mock providers, no server. Model group '"
                    + router.config().aliases().getOrDefault(settings.model(), settings.model())
                    + "' runs on a local GPU box; its fallback is a cloud group.");
            List<Step> steps = new ArrayList<>(STEPS);
            for (Step step : steps) {
                if (!play(router, settings, step, ctx)) {
                    return ExitCodes.FAILED;
                }
            }
            Duration cooldown = router.config().routerSettings().cooldownTime().plus(COOLDOWN_MARGIN);
            ctx.out().println();
            ctx.out().println(ctx.style().dim("... waiting " + cooldown.toMillis() / 1000.0 + " s for the GPU box's cooldown ..."));
            ctx.out().flush();
            sleep(cooldown);
            if (!play(router, settings, RECOVERY, ctx)) {
                return ExitCodes.FAILED;
            }
            ctx.out().println();
            ctx.out().println("That was llmrouter routing, falling back, and opening and closing a circuit, with no server.");
            ctx.out().println("Try it yourself: 'llmrouter chat --demo', or 'llmrouter chat' against your own servers.");
            return ExitCodes.OK;
        }
    }

    private static boolean play(RouterHandle router, PromptSettings settings, Step step, CliContext ctx) {
        ctx.out().println();
        ctx.out().println(ctx.style().yellow("# " + step.narration()));
        ctx.out().println("you> " + step.question());
        try {
            Answers.Answer a = Answers.streamed(router, settings.request(List.of(), step.question()), ctx.out(), ctx.interrupt());
            ctx.out().println();
            if (a.cancelled()) {
                ctx.out().println("[demo cancelled]");
                return false;
            }
            ctx.out().println(ctx.style().dim(RouteReport.statusLine(a.response(), a.latency())));
            ctx.out().println(ctx.style().dim(HealthView.circuitLine(router.router().health())));
            return true;
        } catch (LlmRouterException e) {
            RouteReport.printFailure(ctx.err(), e);
            return false;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
