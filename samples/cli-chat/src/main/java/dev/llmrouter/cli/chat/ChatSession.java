package dev.llmrouter.cli.chat;

import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.cli.ExitCodes;
import dev.llmrouter.cli.output.RouteReport;
import dev.llmrouter.cli.output.Style;
import dev.llmrouter.cli.text.Closest;
import dev.llmrouter.cli.terminal.InterruptSignal;
import dev.llmrouter.cli.terminal.LineReader;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The interactive chat: reads a line, streams the answer, prints a status line (deployment,
 * attempts, fallbacks, tokens, latency) and keeps the conversation, until {@code /quit} or the
 * end of input. Slash commands: {@code /model NAME}, {@code /models}, {@code /system TEXT},
 * {@code /reset}, {@code /stats}, {@code /health}, {@code /help}, {@code /quit}. Ctrl-C cancels
 * the answer in progress and the session goes on. Not thread-safe: {@link #run()} once, on one
 * thread.
 */
public final class ChatSession {
    /** The slash commands, without the slash. */
    public static final List<String> COMMANDS = List.of("model", "models", "system", "reset", "stats", "health", "help", "quit");

    private final ChatBackend backend;
    private final RouterViews views;
    private final LineReader reader;
    private final PrintStream out;
    private final PrintStream err;
    private final Style style;
    private final InterruptSignal interrupt;
    private final Waiting waiting;
    private final List<ChatMessage> history = new ArrayList<>();
    private final SessionStats stats = new SessionStats();
    private PromptSettings settings;

    /**
     * A session.
     *
     * @param backend where requests go
     * @param settings the starting model, system prompt and token cap
     * @param views model names and the {@code /models} and {@code /health} views
     * @param reader the user's lines
     * @param out answers and command output
     * @param err errors
     * @param style colours
     * @param interrupt what Ctrl-C does
     */
    public ChatSession(ChatBackend backend, PromptSettings settings, RouterViews views, LineReader reader, PrintStream out,
                       PrintStream err, Style style, InterruptSignal interrupt) {
        this(backend, settings, views, reader, out, err, style, interrupt, Waiting.NONE);
    }

    /**
     * A session that shows {@code waiting} (the terminal's spinner) until each answer starts; the
     * other parameters as {@link #ChatSession(ChatBackend, PromptSettings, RouterViews, LineReader,
     * PrintStream, PrintStream, Style, InterruptSignal)}.
     */
    public ChatSession(ChatBackend backend, PromptSettings settings, RouterViews views, LineReader reader, PrintStream out,
                       PrintStream err, Style style, InterruptSignal interrupt, Waiting waiting) {
        this.waiting = waiting;
        this.backend = backend;
        this.settings = settings;
        this.views = views;
        this.reader = reader;
        this.out = out;
        this.err = err;
        this.style = style;
        this.interrupt = interrupt;
    }

    /**
     * Runs until {@code /quit} or the end of input (exit code 0), or Ctrl-C at an empty prompt
     * ({@link ExitCodes#INTERRUPTED}).
     */
    public int run() {
        out.println(style.bold("llmrouter chat") + " with model " + views.describe(settings.model())
                + ". Type /help for commands, /quit to leave.");
        while (true) {
            String line;
            try {
                line = reader.readLine("you> ");
            } catch (LineReader.Interrupted e) {
                out.println();
                return ExitCodes.INTERRUPTED;
            }
            if (line == null) {
                out.println();
                return ExitCodes.OK;
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("/")) {
                if (!command(line)) {
                    return ExitCodes.OK;
                }
            } else {
                ask(line);
            }
        }
    }

    private void ask(String text) {
        ChatRequest request = settings.request(history, text);
        try {
            Answers.Answer a = Answers.streamed(backend, request, out, interrupt, waiting);
            out.println();
            if (a.cancelled()) {
                stats.cancelled();
                out.println(style.yellow("[answer cancelled; it is not kept in the conversation]"));
                return;
            }
            history.add(ChatMessage.user(text));
            history.add(ChatMessage.assistant(a.response().text()));
            stats.answered(a.response(), a.latency());
            out.println(style.dim(RouteReport.statusLine(a.response(), a.latency())));
        } catch (LlmRouterException e) {
            out.flush();
            stats.failed();
            RouteReport.printFailure(err, e);
            if (RouteReport.nothingReachable(e)) {
                err.println(RouteReport.unreachableHint("llmrouter"));
            }
        }
    }

    /** Runs a slash command; false means the session ends. */
    private boolean command(String line) {
        int space = line.indexOf(' ');
        String name = (space < 0 ? line.substring(1) : line.substring(1, space)).toLowerCase(Locale.ROOT);
        String arg = space < 0 ? "" : line.substring(space + 1).strip();
        switch (name) {
            case "quit", "exit" -> {
                return false;
            }
            case "model" -> switchModel(arg);
            case "models" -> views.printModels(out);
            case "system" -> {
                settings = settings.withSystem(arg);
                out.println(settings.system() == null ? "system prompt removed" : "system prompt set");
            }
            case "reset" -> {
                history.clear();
                out.println("conversation cleared");
            }
            case "stats" -> stats.print(out);
            case "health" -> views.printHealth(out);
            case "help" -> help();
            default -> {
                err.println("unknown command /" + name + Closest.to(name, COMMANDS).map(b -> " (did you mean /" + b + "?)").orElse("")
                        + "; /help lists the commands");
            }
        }
        return true;
    }

    private void switchModel(String name) {
        if (name.isEmpty()) {
            out.println("model: " + views.describe(settings.model()) + " (available: " + String.join(", ", views.modelNames()) + ")");
            return;
        }
        if (!views.modelNames().contains(name)) {
            err.println("no model group or alias named " + name
                    + Closest.to(name, views.modelNames()).map(b -> " (did you mean " + b + "?)").orElse("")
                    + "; available: " + String.join(", ", views.modelNames()));
            return;
        }
        settings = settings.withModel(name);
        out.println("model: " + views.describe(name));
    }

    private void help() {
        out.println("/model NAME    switch to another model group or alias (/model alone shows the current one)");
        out.println("/models        model groups, deployments, limits, status and fallbacks");
        out.println("/system TEXT   set the system prompt (/system alone removes it)");
        out.println("/reset         forget the conversation so far");
        out.println("/stats         answers, tokens, latency and deployments used in this session");
        out.println("/health        probe the providers");
        out.println("/quit          leave (Ctrl-D too); Ctrl-C cancels an answer in progress");
        out.println("On a terminal: Tab completes commands and model names, up arrow and Ctrl-R recall earlier lines,");
        out.println("a line ending in \\ continues on the next.");
    }
}
