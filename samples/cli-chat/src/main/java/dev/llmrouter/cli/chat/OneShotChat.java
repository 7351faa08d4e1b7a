package dev.llmrouter.cli.chat;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.cli.Cli;
import dev.llmrouter.cli.CliContext;
import dev.llmrouter.cli.ExitCodes;
import dev.llmrouter.cli.output.JsonReport;
import dev.llmrouter.cli.output.RouteReport;

import java.util.List;

/**
 * {@code chat --prompt TEXT}: one question, one answer. The answer goes to standard output
 * (streamed, or whole with {@code --no-stream}, or as one JSON object with {@code --json}); the
 * status line and errors go to standard error. Exit 0 with an answer, 1 when the request failed,
 * 130 when Ctrl-C cancelled it. Stateless and thread-safe.
 */
public final class OneShotChat {
    /** How the answer is printed. */
    public enum Output {
        /** Tokens as they arrive, then the status line on standard error. */
        STREAM,
        /** The whole answer once it is complete, then the status line on standard error. */
        WHOLE,
        /** One JSON object on standard output, nothing else. */
        JSON
    }

    private OneShotChat() {
    }

    /** Asks once and returns the exit code. */
    public static int run(ChatBackend backend, PromptSettings settings, String prompt, Output output, CliContext ctx) {
        ChatRequest request = settings.request(List.of(), prompt);
        try {
            Answers.Answer a;
            switch (output) {
                case JSON -> {
                    a = Answers.whole(backend, request);
                    ctx.out().println(JsonReport.of(a.response(), a.latency()));
                    return ExitCodes.OK;
                }
                case WHOLE -> {
                    a = Answers.whole(backend, request);
                    ctx.out().println(a.response().text());
                }
                default -> {
                    a = Answers.streamed(backend, request, ctx.out(), ctx.interrupt());
                    ctx.out().println();
                    if (a.cancelled()) {
                        ctx.err().println("[answer cancelled]");
                        return ExitCodes.INTERRUPTED;
                    }
                }
            }
            ctx.out().flush();
            ctx.err().println(ctx.style().dim(RouteReport.statusLine(a.response(), a.latency())));
            return ExitCodes.OK;
        } catch (LlmRouterException e) {
            ctx.out().flush();
            RouteReport.printFailure(ctx.err(), e);
            if (RouteReport.nothingReachable(e)) {
                ctx.err().println(RouteReport.unreachableHint(Cli.PROGRAM));
            }
            return ExitCodes.FAILED;
        }
    }
}
