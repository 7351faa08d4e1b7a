package dev.llmrouter.cli.chat;

import java.io.PrintStream;
import java.util.Set;

/**
 * The router information the interactive chat shows on request ({@code /models}, {@code /health})
 * and the model names {@code /model} accepts. Implementations must be thread-safe for one caller
 * at a time.
 */
public interface RouterViews {
    /** The model group names and aliases a request may name. */
    Set<String> modelNames();

    /** The name as shown to the user: an alias with its group ({@code coder -> qwen-coder-vllm}), a group as is. */
    default String describe(String name) {
        return name;
    }

    /** Prints the model groups, their deployments, limits, status and fallbacks. */
    void printModels(PrintStream out);

    /** Probes the providers and prints their health. */
    void printHealth(PrintStream out);
}
