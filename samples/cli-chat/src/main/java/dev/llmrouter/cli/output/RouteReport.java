package dev.llmrouter.cli.output;

import dev.llmrouter.api.AttemptOutcome;
import dev.llmrouter.api.AttemptRecord;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.FailureKind;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.Route;
import dev.llmrouter.api.Usage;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Human-readable accounts of how a request was routed: the status line printed after each answer
 * and the error report printed when a request fails. Stateless and thread-safe.
 */
public final class RouteReport {
    private RouteReport() {
    }

    /**
     * The status line after an answer, for example
     * {@code [ollama/llama3.1:latest | 2 attempts: vllm-qwen server_error 503, ollama ok | fallback: llama3.1:latest | tokens 12 in, 34 out | 1.24 s]}.
     */
    public static String statusLine(ChatResponse response, Duration latency) {
        Route route = response.route();
        List<String> parts = new ArrayList<>();
        parts.add(Objects.requireNonNullElse(route.deploymentId(), "?"));
        parts.add(attemptsSummary(route.attempts()));
        parts.add(route.fallbackGroups().isEmpty() ? "no fallback" : "fallback: " + String.join(" -> ", route.fallbackGroups()));
        if (route.cacheHit()) {
            parts.add("cache hit");
        }
        Usage u = response.usage();
        parts.add(u.isEmpty() ? "tokens not reported" : "tokens " + u.promptTokens() + " in, " + u.completionTokens() + " out");
        parts.add(Formats.duration(latency));
        return "[" + String.join(" | ", parts) + "]";
    }

    private static String attemptsSummary(List<AttemptRecord> attempts) {
        if (attempts.size() <= 1) {
            return Formats.count(attempts.size(), "attempt");
        }
        List<String> each = new ArrayList<>();
        for (AttemptRecord a : attempts) {
            each.add(a.deploymentId() + " " + outcome(a));
        }
        return Formats.count(attempts.size(), "attempt") + ": " + String.join(", ", each);
    }

    private static String outcome(AttemptRecord a) {
        String o = a.succeeded() ? "ok" : a.outcome().wireName();
        return a.httpStatus() > 0 && !a.succeeded() ? o + " " + a.httpStatus() : o;
    }

    /**
     * Prints a failed request: the exception's type and message, then one line per attempt.
     *
     * @param err where to print
     * @param e the failure
     */
    public static void printFailure(PrintStream err, LlmRouterException e) {
        err.println("error: " + e.getClass().getSimpleName() + ": " + (e.getMessage() == null ? "(no message)" : e.getMessage()));
        List<AttemptRecord> attempts = e.attempts();
        if (attempts.isEmpty()) {
            err.println("  no attempt was made");
        }
        for (AttemptRecord a : attempts) {
            err.println("  attempt " + a.deploymentId() + " (" + a.provider() + ", " + a.model() + "): " + outcome(a)
                    + ", " + Formats.duration(a.latency()));
        }
        if (!e.route().fallbackGroups().isEmpty()) {
            err.println("  fallbacks tried: " + String.join(", ", e.route().fallbackGroups()));
        }
    }

    /** True when every attempt failed before any server answered (nothing was reachable). */
    public static boolean nothingReachable(LlmRouterException e) {
        List<AttemptRecord> attempts = e.attempts();
        if (attempts.isEmpty()) {
            return e.failureKind() == FailureKind.NO_DEPLOYMENT
                    || e.failureKind() == FailureKind.CONNECTION;
        }
        return attempts.stream().allMatch(a -> a.httpStatus() == 0 && !a.succeeded()
                && (a.outcome() == AttemptOutcome.CONNECTION || a.outcome() == AttemptOutcome.TIMEOUT
                        || a.outcome() == AttemptOutcome.NO_DEPLOYMENT));
    }

    /** The hint printed when no provider could be reached. */
    public static String unreachableHint(String program) {
        return "No model server could be reached. Run '" + program + " health' to see which providers are up,"
                + " or '" + program + " chat --demo' to try llmrouter with built-in mock providers and no server.";
    }
}
