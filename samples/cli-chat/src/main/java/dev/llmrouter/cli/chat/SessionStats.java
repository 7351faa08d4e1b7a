package dev.llmrouter.cli.chat;

import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.cli.output.Formats;
import dev.llmrouter.cli.output.Table;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Counters of an interactive session, shown by {@code /stats}: answers, failures, cancels,
 * fallbacks, tokens, latency, and answers per deployment. Not thread-safe: the session's thread
 * updates and prints it.
 */
final class SessionStats {
    private int answers;
    private int failures;
    private int cancelled;
    private int fellBack;
    private long promptTokens;
    private long completionTokens;
    private Duration totalLatency = Duration.ZERO;
    private final Map<String, Integer> byDeployment = new TreeMap<>();

    void answered(ChatResponse r, Duration latency) {
        answers++;
        if (r.route().fellBack()) {
            fellBack++;
        }
        promptTokens += r.usage().promptTokens();
        completionTokens += r.usage().completionTokens();
        totalLatency = totalLatency.plus(latency);
        byDeployment.merge(Objects.requireNonNullElse(r.route().deploymentId(), "?"), 1, Integer::sum);
    }

    void failed() {
        failures++;
    }

    void cancelled() {
        cancelled++;
    }

    void print(PrintStream out) {
        out.println("answers " + answers + ", failed " + failures + ", cancelled " + cancelled + ", fell back " + fellBack);
        out.println("tokens " + promptTokens + " in, " + completionTokens + " out");
        if (answers > 0) {
            out.println("average latency " + Formats.duration(totalLatency.dividedBy(answers)));
            Table t = new Table("DEPLOYMENT", "ANSWERS");
            byDeployment.forEach(t::row);
            t.print(out);
        }
    }
}
