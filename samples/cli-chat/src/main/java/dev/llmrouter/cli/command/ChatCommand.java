package dev.llmrouter.cli.command;

import dev.llmrouter.cli.CliContext;
import dev.llmrouter.cli.ExitCodes;
import dev.llmrouter.cli.UsageException;
import dev.llmrouter.cli.chat.ChatCompleter;
import dev.llmrouter.cli.chat.ChatSession;
import dev.llmrouter.cli.chat.OneShotChat;
import dev.llmrouter.cli.chat.PromptSettings;
import dev.llmrouter.cli.chat.Spinner;
import dev.llmrouter.cli.chat.Waiting;
import dev.llmrouter.cli.terminal.JLinePrompt;
import dev.llmrouter.cli.terminal.LineReader;
import dev.llmrouter.cli.text.Closest;
import dev.llmrouter.cli.text.Values;
import org.jline.terminal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code chat}: the interactive streaming chat, or with {@code --prompt} one question and one
 * answer. On a terminal the prompt is {@link JLinePrompt} and a spinner shows the wait for each
 * answer; on a fresh machine (no configuration, no local server answering) {@link FirstRun} offers
 * the demo providers. Picocli fills one instance per command line; not thread-safe.
 */
@Command(name = "chat", description = "chat with a model: interactive and streaming, or one-shot with --prompt",
        footer = """

        Interactive commands: /model NAME, /models, /system TEXT, /reset, /stats, /health, /help, /quit.
        Ctrl-C cancels the answer in progress; Ctrl-D or /quit leaves.
        On a terminal: Tab completes commands and model names; the up arrow and Ctrl-R recall
        earlier lines (kept in $XDG_STATE_HOME/llmrouter/history); a line ending in \\ continues.
        With no configuration and no local server answering, chat offers the demo providers.

        Exit codes: 0 answered, 1 the request failed, 2 usage or configuration error, 130 Ctrl-C at the prompt.

        Examples:
          llmrouter chat
          llmrouter chat --demo
          llmrouter chat --prompt "Write a haiku" --model coder --max-tokens 100
          llmrouter chat --prompt "Hi" --json --config providers.yaml model-mappings.yaml
        """)
public final class ChatCommand extends CliCommand {
    @Option(names = "--prompt", paramLabel = "TEXT", description = "ask once, print the answer and exit ('-' reads standard input)")
    private String prompt;

    @Option(names = "--model", paramLabel = "NAME", description = "model group or alias (default: the alias 'default', else the first group)")
    private String model;

    @Option(names = "--system", paramLabel = "TEXT", description = "system prompt")
    private String system;

    @Option(names = "--max-tokens", paramLabel = "N", description = "cap on the answer's tokens")
    private String maxTokens;

    @Option(names = "--no-stream", description = "with --prompt: print the answer once it is complete")
    private boolean noStream;

    @Option(names = "--json", description = "with --prompt: print one JSON object (text, model, deployment, provider, attempts, fallbacks, usage, latency_ms)")
    private boolean json;

    @Parameters(hidden = true)
    private List<String> extra = new ArrayList<>();

    @Override
    protected int run(CliContext ctx) {
        noArguments("chat", extra, " (quote the prompt: --prompt \"...\")");
        boolean oneShot = prompt != null;
        if (!oneShot && (json || noStream)) {
            throw new UsageException("--json and --no-stream need --prompt");
        }
        if (json && noStream) {
            throw new UsageException("--json already waits for the whole answer; leave out --no-stream");
        }
        Integer cap = Values.positiveInt("--max-tokens", maxTokens).orElse(null);
        if (oneShot) {
            String text = promptText(prompt, ctx);
            try (RouterHandle router = RouterHandle.open(configSource(ctx), ctx)) {
                PromptSettings settings = new PromptSettings(checkedModel(router), system, cap);
                OneShotChat.Output output = json ? OneShotChat.Output.JSON
                        : noStream ? OneShotChat.Output.WHOLE : OneShotChat.Output.STREAM;
                return OneShotChat.run(router, settings, text, output, ctx);
            }
        }
        if (ctx.terminal() == null) {
            return interactive(ctx, null);
        }
        try (Terminal terminal = ctx.terminal().open()) {
            JLinePrompt.cancelOnCtrlC(terminal, ctx.interrupt());
            return interactive(ctx, terminal);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal: " + e.getMessage(), e);
        }
    }

    /** The chat loop; on a terminal ({@code terminal} not null) with JLine, history and a spinner. */
    private int interactive(CliContext ctx, Terminal terminal) {
        AtomicReference<RouterHandle> current = new AtomicReference<>(RouterHandle.open(configSource(ctx), ctx));
        try {
            LineReader reader = terminal == null ? LineReader.stream(ctx.in(), null)
                    : new JLinePrompt(terminal, JLinePrompt.historyFile(ctx.env()), new ChatCompleter(() -> current.get().modelNames()));
            if (FirstRun.noServerAnswers(current.get())) {
                RouterHandle demo;
                try {
                    demo = FirstRun.offerDemo(current.get(), reader, terminal != null, ctx);
                } catch (LineReader.Interrupted e) {
                    return ExitCodes.INTERRUPTED;
                }
                if (demo != null) {
                    current.getAndSet(demo).close();
                }
            }
            RouterHandle router = current.get();
            Waiting waiting = terminal == null ? Waiting.NONE : new Spinner(ctx.err(), router::tryingNow);
            PromptSettings settings = new PromptSettings(checkedModel(router), system, null);
            return new ChatSession(router, settings, router, reader, ctx.out(), ctx.err(), ctx.style(), ctx.interrupt(), waiting)
                    .run();
        } finally {
            current.get().close();
        }
    }

    private String checkedModel(RouterHandle router) {
        String name = model != null ? model : router.defaultModel();
        if (!router.modelNames().contains(name)) {
            throw new UsageException("no model group or alias named '" + name + "'"
                    + Closest.to(name, router.modelNames()).map(b -> " (did you mean '" + b + "'?)").orElse("")
                    + "; available: " + String.join(", ", router.modelNames()));
        }
        return name;
    }

    private static String promptText(String value, CliContext ctx) {
        String text = value;
        if (value.equals("-")) {
            try {
                text = new String(ctx.in().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the prompt from standard input: " + e.getMessage(), e);
            }
        }
        if (text.isBlank()) {
            throw new UsageException("--prompt is empty");
        }
        return text.strip();
    }
}
